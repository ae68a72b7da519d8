# Reference values for the intraclass correlations of src/analysis/reliability.c.
# Data: Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
# Run: Rscript shrout-fleiss.R > shrout-fleiss.out
library(psych)
sf <- matrix(c(9, 2, 5, 8,
               6, 1, 3, 2,
               8, 4, 6, 8,
               7, 1, 2, 6,
              10, 5, 6, 9,
               6, 2, 4, 7), ncol = 4, byrow = TRUE)
r <- ICC(sf, lmer = FALSE)
options(digits = 12)
print(r$results[, c("type", "ICC", "F", "df1", "df2", "p", "lower bound", "upper bound")], digits = 12)
# Kendall's W with tie correction, through Friedman's test on the same data
# (W = chi-square / (m (n - 1)) with m judges ranking n targets).
ft <- friedman.test(t(sf))
cat(sprintf("friedman chisq %.12g df %d p %.12g W %.12g\n", ft$statistic, ft$parameter, ft$p.value,
            ft$statistic / (ncol(sf) * (nrow(sf) - 1))))
# Hollander & Wolfe (1973), p. 140: the RoundingTimes example of ?friedman.test
RoundingTimes <-
matrix(c(5.40, 5.50, 5.55,
         5.85, 5.70, 5.75,
         5.20, 5.60, 5.50,
         5.55, 5.50, 5.40,
         5.90, 5.85, 5.70,
         5.45, 5.55, 5.60,
         5.40, 5.40, 5.35,
         5.45, 5.50, 5.35,
         5.25, 5.15, 5.00,
         5.85, 5.80, 5.70,
         5.25, 5.20, 5.10,
         5.65, 5.55, 5.45,
         5.60, 5.35, 5.45,
         5.05, 5.00, 4.95,
         5.50, 5.50, 5.40,
         5.45, 5.55, 5.50,
         5.55, 5.55, 5.35,
         5.45, 5.50, 5.55,
         5.50, 5.45, 5.25,
         5.65, 5.60, 5.40,
         5.70, 5.65, 5.55,
         6.30, 6.30, 6.25),
       nrow = 22, byrow = TRUE)
ft <- friedman.test(RoundingTimes)
cat(sprintf("rounding chisq %.12g df %d p %.12g W %.12g\n", ft$statistic, ft$parameter, ft$p.value,
            ft$statistic / (nrow(RoundingTimes) * (ncol(RoundingTimes) - 1))))
