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
