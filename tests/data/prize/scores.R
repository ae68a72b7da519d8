# Second opinion on the figures of tests/cli/cases/prize-paper.cmd
# ('utilis prize results' on tests/data/prize/scores.csv, the edition's
# rules: no normalisation, the mean per criterion, weights 50/30/20 of
# grille.yaml, scale 0-5), computed with base R as docs/prize.md says:
# each criterion's mean per candidate, the total on 0-100, the rank, each
# juror's severity (the mean, over the candidates they share, of their
# total minus the others' mean total) and Krippendorff's alpha (interval)
# of the jurors' raw totals, by its coincidence matrix (Krippendorff 2011,
# as tests/data/reliability/krippendorff.R).  The transcript's figures are
# these, rounded.
#
# The same on prize-notes.csv, the scores typed in tests/cli/cases/prize.cmd
# (juror 4 is David Petit there):
#
#   cd tests/data/prize && Rscript scores.R > scores.Rout 2>&1
#   Rscript scores.R prize-notes.csv > prize-notes.Rout 2>&1
args <- commandArgs(trailingOnly = TRUE)
s <- read.csv(if (length(args)) args[1] else "scores.csv", stringsAsFactors = FALSE,
              check.names = FALSE)
crit <- c("note_impact", "note_reciprocite", "note_durabilite")
w <- c(50, 30, 20); lo <- 0; hi <- 5
total <- function(m) as.vector(as.matrix(m[, crit]) %*% (w * 100 * 1 / (hi - lo))) / sum(w) -
  sum(w * 100 * lo / (hi - lo)) / sum(w)
s$total <- total(s)
a <- aggregate(s[, crit], list(candidate = s$`_candidate`), mean)
a$total <- total(a)
a <- a[order(-a$total), ]
a$rank <- seq_len(nrow(a))
cat("criteria means, total on 100, rank\n")
print(format(a, digits = 4), row.names = FALSE)
cat("\nseverity: mean over shared candidates of own total - others' mean total\n")
for (j in unique(s$`_juror`)) {
  d <- sapply(s$`_candidate`[s$`_juror` == j], function(c) {
    mine <- s$total[s$`_juror` == j & s$`_candidate` == c]
    others <- s$total[s$`_juror` != j & s$`_candidate` == c]
    if (length(others)) mine - mean(others) else NA
  })
  cat(sprintf("%-20s scored %d severity %.4f\n", j, length(d), mean(d, na.rm = TRUE)))
}
x <- tapply(s$total, list(s$`_juror`, s$`_candidate`), identity)
vals <- sort(unique(na.omit(as.vector(x))))
o <- matrix(0, length(vals), length(vals))
for (u in seq_len(ncol(x))) {
  v <- na.omit(x[, u]); m <- length(v)
  if (m < 2) next
  for (i in seq_along(v)) for (j in seq_along(v)) if (i != j) {
    p <- match(v[i], vals); q <- match(v[j], vals)
    o[p, q] <- o[p, q] + 1 / (m - 1)
  }
}
nc <- rowSums(o); n <- sum(nc)
d2 <- outer(vals, vals, function(p, q) (p - q)^2)
cat(sprintf("\nKrippendorff's alpha (interval) of the jurors' totals %.4f\n",
            1 - (n - 1) * sum(o * d2) / sum(outer(nc, nc) * d2)))

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads them off the transcript's CSV (the ranking) and JSON (the
# jurors and the reliability).  A tie on the total is broken by note_impact
# (docs/prize.md); a juror is named by their e-mail's first part (juror 4
# of prize-notes.csv is David Petit).
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
a <- a[order(-a$total, -a$note_impact), ]
a$rank <- seq_len(nrow(a))
cat("\nprize ranking\n")
cat("candidate_id,rank,total,jurors", paste0(rep(crit, each = 5), c("", "_sd", "_min", "_max", "_n"),
                                          collapse = ","), sep = ",")
cat("\n")
for (i in seq_len(nrow(a))) {
  c <- a$candidate[i]; one <- s[s$`_candidate` == c, ]
  f <- unlist(lapply(crit, function(k) c(g10(mean(one[[k]])), g10(sd(one[[k]])), g10(min(one[[k]])),
                                           g10(max(one[[k]])), nrow(one))))
  cat(paste(c(c, a$rank[i], g10(a$total[i]), nrow(one), f), collapse = ","), "\n", sep = "")
}
cat("\nprize jurors\n")
cat("juror,scored,severity\n")
for (j in unique(s$`_juror`)) {
  d <- sapply(s$`_candidate`[s$`_juror` == j], function(c) {
    mine <- s$total[s$`_juror` == j & s$`_candidate` == c]
    others <- s$total[s$`_juror` != j & s$`_candidate` == c]
    if (length(others)) mine - mean(others) else NA
  })
  cat(paste(if (j == "4") "david" else sub("@.*", "", j), length(d), g10(mean(d, na.rm = TRUE)), sep = ","),
      "\n", sep = "")
}
cat("\nprize reliability\n")
cat("figure,value\n")
cat("krippendorff_alpha,", g10(1 - (n - 1) * sum(o * d2) / sum(outer(nc, nc) * d2)), "\n", sep = "")
