# Reference value for Krippendorff's alpha (interval) in src/analysis/reliability.c.
# Data: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
# section C: 4 observers, 12 units, missing values; the paper gives
# alpha = 0.849 for interval data.  This script recomputes it with the
# paper's own method (coincidence matrix), independently of the C code.
# Run: Rscript krippendorff.R > krippendorff.out
x <- rbind(A = c(1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA),
           B = c(1, 2, 3, 3, 2, 2, 4, 1, 2,  5, NA,  3),
           C = c(NA, 3, 3, 3, 2, 3, 4, 2, 2,  5,  1, NA),
           D = c(1, 2, 3, 3, 2, 4, 4, 1, 2,  5,  1, NA))
vals <- sort(unique(na.omit(as.vector(x))))
o <- matrix(0, length(vals), length(vals))
for (u in seq_len(ncol(x))) {
  v <- na.omit(x[, u]); m <- length(v)
  if (m < 2) next
  for (i in seq_along(v)) for (j in seq_along(v)) if (i != j) {
    a <- match(v[i], vals); b <- match(v[j], vals)
    o[a, b] <- o[a, b] + 1 / (m - 1)
  }
}
nc <- rowSums(o); n <- sum(nc)
d2 <- outer(vals, vals, function(a, b) (a - b)^2)
alpha <- 1 - (n - 1) * sum(o * d2) / sum(outer(nc, nc) * d2)
cat(sprintf("interval alpha %.12g (n pairable %g)\n", alpha, n))
