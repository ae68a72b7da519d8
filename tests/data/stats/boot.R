# Second opinion on the percentile bootstrap of the composite index
# ('indicators compute', docs/statistics.md "Bootstrap"), on a fixed small
# example where its result does not depend on the generator: the set
# boot-indicateurs.yaml has one share (weight 1), so the composite is the
# share itself, and boot.csv has n = 5 answers of which K = 1 is yes.  A
# resample of 5 answers with replacement has K* ~ Binomial(5, 1/5) yes,
# its composite 100 K* / 5: the bootstrap distribution is exact, and the
# 2.5 and 97.5 percentiles of 2000 replicates (type 7) fall on its atoms
# 0 and 60 unless the replicates stray far from it, whose probability is
# printed below (any seed, any correct generator).  Other intervals would
# differ: the basic bootstrap gives [-20, 40], the normal one
# 20 +/- 35.1, the Wilson interval of the share itself [3.6, 62.4].
# tests/cli/cases/indicators-bootstrap.cmd runs the program with several
# seeds; tests/cli/second-opinion.py compares its intervals with the block
# "bootstrap percentiles".  The real replicates cannot be drawn again in R:
# the program's generator is xoshiro256** (not R's), and its resamples are
# not written anywhere.
#
#   cd tests/data/stats && Rscript boot.R > boot.Rout 2>&1
d <- read.csv("boot.csv")
n <- nrow(d); k <- sum(d$oui >= 1); B <- 2000
atoms <- 100 * (0:n) / n; pr <- dbinom(0:n, n, k / n)
cat("the bootstrap distribution of the composite\n")
print(data.frame(composite = atoms, probability = round(pr, 6)))
q <- function(p) {
  j <- floor((B - 1) * p)                  # 0-based: type 7 interpolates x[j] and x[j+1]
  a <- qbinom(p, n, k / n)
  below <- sum(pr[0:n < a]); upto <- sum(pr[0:n <= a])
  # the quantile is the atom when at most j replicates are below it and at least j + 2 at or below
  fail <- pbinom(j, B, below, lower.tail = FALSE) + pbinom(j + 1, B, upto)
  cat(sprintf("percentile %.1f %%: atom %g, probability that %d replicates miss it %.2g\n",
              100 * p, atoms[a + 1], B, fail))
  atoms[a + 1]
}
lo <- q(0.025); hi <- q(0.975)
cat("\nbootstrap percentiles\n")
cat("dimension,n,score,score_low,score_high\n")
cat(sprintf("_composite,%d,%.10g,%.10g,%.10g\n", n, 100 * k / n, lo, hi))
