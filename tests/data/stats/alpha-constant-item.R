# psych::alpha on alpha-constant-item.csv (tests/data/indicators/petit.csv
# with bes_effets answered 3 by everyone), the data of
# tests/cli/cases/indicators-alpha-constant.cmd: the dimension "besoins" of
# tests/data/indicators/mini.yaml, bes_eloignement reverse-coded.  psych
# drops bes_effets; the transcript's alpha, standardised alpha, mean
# inter-item correlation and both alphas if deleted are these, rounded.
#
#   cd tests/data/stats && Rscript alpha-constant-item.R > alpha-constant-item.Rout 2>&1
suppressPackageStartupMessages(library(psych))
d <- read.csv("alpha-constant-item.csv")
x <- d[, c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement")]
x$bes_eloignement <- 6 - x$bes_eloignement
a <- psych::alpha(x, check.keys = FALSE)
print(a$total, digits = 10)
print(a$alpha.drop[, c("raw_alpha", "std.alpha")], digits = 10)
# The same to 10 significant digits, for tests/cli/second-opinion.py.
g10 <- function(v) if (length(v) == 0 || is.na(v)) "" else sprintf("%.10g", v)
cat("\nconstant alpha\n")
cat("dimension,alpha,standardised,average_r\n")
cat(paste("besoins", g10(a$total$raw_alpha), g10(a$total$std.alpha), g10(a$total$average_r), sep = ","),
    "\n", sep = "")
cat("\nconstant alpha if deleted\n")
cat("item,alpha_if_deleted,standardised\n")
for (it in rownames(a$alpha.drop))
  cat(paste(it, g10(a$alpha.drop[it, "raw_alpha"]), g10(a$alpha.drop[it, "std.alpha"]), sep = ","), "\n", sep = "")
