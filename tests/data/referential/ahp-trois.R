# Second opinion on the AHP figures of tests/cli/cases/delphi-weights.cmd
# ('delphi results data/referential/trois.yaml --weights' after
# poids-ahp-1.csv and poids-ahp-2.csv of this folder): each member's
# matrix from their judgements (A5: the first stake 5 times the second,
# B2: the second twice the first, 1: equal), its principal eigenvector
# normalised to 1 and CR = (lambda - n) / (n - 1) / 0.58; the group's
# matrix the element-wise geometric mean, its eigenvector, lambda, CI and
# CR; the spread of the members' weights with quantile type 7.  As
# tests/data/weights/ahp.R, with base R's eigen().
#
#   cd tests/data/referential && Rscript ahp-trois.R > ahp-trois.Rout 2>&1
j <- rbind(c("A3", "A5", "A2"), c("1", "A3", "A3"), c("A5", "A7", "A3"),
           c("B2", "A2", "A3"), c("A5", "B5", "A5"))
val <- function(s) if (s == "1") 1 else if (substr(s, 1, 1) == "A") as.numeric(substring(s, 2)) else
  1 / as.numeric(substring(s, 2))
mat <- function(u) { A <- diag(3); k <- 1
  for (a in 1:2) for (b in (a + 1):3) { A[a, b] <- u[k]; A[b, a] <- 1 / u[k]; k <- k + 1 }
  A }
ev <- function(A) { e <- eigen(A); k <- which.max(Re(e$values)); w <- abs(Re(e$vectors[, k]))
  list(w = w / sum(w), lambda = Re(e$values[k])) }
ms <- lapply(seq_len(nrow(j)), function(i) mat(sapply(j[i, ], val)))
W <- t(sapply(ms, function(A) ev(A)$w)); colnames(W) <- c("besoins", "lien", "emploi")
cr <- sapply(ms, function(A) (ev(A)$lambda - 3) / 2 / 0.58)
cat("members (rows as in the files): weights in % and CR\n")
print(round(cbind(100 * W, CR = cr), 4))
G <- exp(Reduce(`+`, lapply(ms, log)) / length(ms))
g <- ev(G); ci <- (g$lambda - 3) / 2
cat(sprintf("\ngroup: %s; lambda %.6f CI %.6f CR %.6f\n",
            paste(sprintf("%s %.4f", colnames(W), 100 * g$w), collapse = ", "), g$lambda, ci, ci / 0.58))
for (k in colnames(W))
  cat(sprintf("%-8s mean %.4f quantiles %s\n", k, 100 * mean(W[, k]),
              paste(sprintf("%.4f", 100 * quantile(W[, k], c(0, .25, .5, .75, 1), type = 7)), collapse = " ")))

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads the weights and spreads off the transcript's table (one
# decimal; the members ordered by their weights, as the table numbers
# them) and lambda, CI and CR off its JSON.
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\nahp group\n")
cat("stake,group,mean,min,q1,median,q3,max\n")
for (k in seq_along(colnames(W)))
  cat(paste(c(colnames(W)[k], g10(100 * g$w[k]), g10(100 * mean(W[, k])),
              sapply(100 * quantile(W[, k], c(0, .25, .5, .75, 1), type = 7), g10)), collapse = ","),
      "\n", sep = "")
cat("\nahp consistency\n")
cat("figure,value\n")
cat(sprintf("lambda,%s\nci,%s\ncr,%s\n", g10(g$lambda), g10(ci), g10(ci / 0.58)))
cat("\nahp members\n")
cat("no,besoins,lien,emploi,CR\n")
o <- order(-W[, 1], -W[, 2], -W[, 3])
for (i in seq_along(o))
  cat(paste(c(i, sapply(100 * W[o[i], ], g10), g10(cr[o[i]])), collapse = ","), "\n", sep = "")
# The line "Members with CR > 0.10 (inconsistent): K of N (no. …)": how many
# members' comparisons are inconsistent (Saaty's CR above 0.10), of how many,
# and which (numbered as in the table above).
cat("\nahp inconsistent\n")
cat("figure,value\n")
bad <- which(cr[o] > 0.10)
cat("inconsistent,", length(bad), "\n", "members,", length(o), "\n", sep = "")
for (j in seq_along(bad)) cat("no", j, ",", bad[j], "\n", sep = "")
