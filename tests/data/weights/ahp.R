# Reference figures of the AHP weights (src/analysis/weights.c) for
# tests/unit/test_weights.c: the principal eigenvector of a pairwise
# comparison matrix with base R's eigen(), normalised to sum 1, its
# eigenvalue lambda, CI = (lambda - n) / (n - 1) and CR = CI / RI with
# Saaty's random indices (Saaty 1980, table 1.7); the group's matrix as
# the element-wise geometric mean of the members' matrices.
#   Rscript ahp.R > ahp.out
ri <- c(0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
recip <- function(upper, n) {
  # upper: the judgements a_ij for i < j, row by row
  A <- diag(n); k <- 1
  for (i in 1:(n - 1)) for (j in (i + 1):n) { A[i, j] <- upper[k]; A[j, i] <- 1 / upper[k]; k <- k + 1 }
  A
}
mats <- list(
  # Saaty (2008), Decision making with the analytic hierarchy process,
  # Int. J. Services Sciences 1(1):83-98, table 3, "Which drink is consumed
  # more in the U.S.?": coffee, wine, tea, beer, sodas, milk, water; the
  # paper's derived priorities .177 .019 .042 .116 .190 .129 .327
  saaty2008_drinks = recip(c(9, 5, 2, 1, 1, 1/2,  1/3, 1/9, 1/9, 1/9, 1/9,
                             1/3, 1/4, 1/3, 1/9,  1/2, 1, 1/3,  2, 1/2,  1/3), 7),
  # the textbook three-criterion matrix: 3, 5, 3; weights .637 .258 .105,
  # lambda 3.039, CR 0.033
  three = recip(c(3, 5, 3), 3),
  # a consistent matrix of weights 4:2:1:1
  consistent = recip(c(2, 4, 4, 2, 2, 1), 4),
  # an inconsistent member: A > B > C > A
  cycle = recip(c(5, 1/5, 5, 3, 1, 1/3), 4)
)
# three members of a pilot group on four stakes, and their geometric mean
group <- list(recip(c(3, 5, 2, 2, 1, 1/2), 4), recip(c(1, 3, 1, 3, 1, 1/3), 4),
              recip(c(5, 7, 3, 2, 1/2, 1/3), 4))
G <- exp((log(group[[1]]) + log(group[[2]]) + log(group[[3]])) / 3)
mats$group_geomean <- G
fmt <- function(x) formatC(x, digits = 12, format = "g")
for (name in names(mats)) {
  A <- mats[[name]]; n <- nrow(A)
  e <- eigen(A); k <- which.max(Re(e$values))
  w <- Re(e$vectors[, k]); w <- w / sum(w); l <- Re(e$values[k])
  ci <- (l - n) / (n - 1); cr <- ci / ri[n]
  cat(name, "n", n, "w", fmt(w), "lambda", fmt(l), "ci", fmt(ci), "cr", fmt(cr), "\n")
}
