# Second opinion on 'indicators compute data/indicators/mini.yaml' on
# petit.db in tests/cli/cases/indicators.cmd: the 12 answers of
# tests/data/indicators/petit.csv, imported as they are (3 funders, 2
# companies: the small-group example), scored as indicators-groups.R says;
# overall and by partie_prenante (the employees shown; funders and
# companies hidden, fewer than 5), and the reliability table of besoins
# (psych::alpha, pairwise; negative here: the notes say so).  The
# composite's bootstrap interval is not recomputed (see boot.R).  The
# tables print these rounded; tests/cli/second-opinion.py compares them.
#
#   cd tests/data/stats && Rscript indicators-petit.R > indicators-petit.Rout 2>&1
suppressMessages(library(psych))
d <- read.csv("../indicators/petit.csv", stringsAsFactors = FALSE)
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
items <- c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement")
x <- as.matrix(d[, items]); raw <- x
x[, "bes_eloignement"] <- 6 - x[, "bes_eloignement"]
s <- 100 * (x - 1) / 4; a <- rowSums(!is.na(s))
vals <- list(besoins = ifelse(a >= 3, rowSums(s, na.rm = TRUE) / a, NA),
             accord = ifelse(is.na(d$bes_reels), NA, 100 * (d$bes_reels >= 4)),
             satisfaction = d$satisfaction_globale)
w <- c(besoins = 1, accord = 0, satisfaction = 2)
score <- function(k, y) if (k == "satisfaction") 10 * y else y
block <- function(r, g, overall) {
  line <- function(...) cat(paste(c(...), collapse = ","), "\n", sep = "")
  sc <- c()
  for (k in names(vals)) {
    v <- vals[[k]][r]; v <- v[!is.na(v)]
    ci <- if (k == "accord") 100 * suppressWarnings(prop.test(sum(v > 0), length(v), correct = FALSE))$conf.int
          else score(k, t.test(v)$conf.int)
    sc[k] <- score(k, mean(v))
    f <- c(k, g, length(v), g10(sc[k]), g10(ci[1]), g10(ci[2]), g10(score(k, median(v))))
    if (overall) f <- c(f, if (k == "satisfaction") c(g10(mean(v)), g10(median(v))) else c("", ""))
    line(f)
  }
  line(c("_composite", g, sum(r), g10(sum(w * sc) / sum(w)), "", "", "", if (overall) c("", "")))
}
cat("petit overall\n")
cat("dimension,n,score,score_low,score_high,median,value_mean,value_median\n")
block(rep(TRUE, nrow(d)), NULL, TRUE)
cat("\npetit by partie_prenante\n")
cat("dimension,group,n,score,score_low,score_high,median\n")
block(d$partie_prenante == "salarie", "salarie", FALSE)
block(rep(TRUE, nrow(d)), "_all", FALSE)
print(table(d$partie_prenante))
al <- suppressWarnings(alpha(x, warnings = FALSE, check.keys = FALSE))
cat("\npetit item table\n")
cat("item,n,mean,sd,r_rest,alpha_if_deleted,standardised\n")
for (it in items) {
  v <- raw[, it]; v <- v[!is.na(v)]
  cat(paste(it, length(v), g10(mean(v)), g10(sd(v)), g10(al$item.stats[it, "r.drop"]),
            g10(al$alpha.drop[it, "raw_alpha"]), g10(al$alpha.drop[it, "std.alpha"]), sep = ","), "\n", sep = "")
}
cat("\npetit alpha\n")
cat("dimension,alpha,standardised,average_r\n")
cat(paste("besoins", g10(al$total$raw_alpha), g10(al$total$std.alpha), g10(al$total$average_r), sep = ","), "\n")
