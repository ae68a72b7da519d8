# Second opinion on 'indicators compute indicators/utilite-sociale.yaml
# --overall' in tests/cli/cases/indicators.cmd: the seeded simulation's
# answers (simulate utilite-sociale --n 300 --seed 11 --groups 2), which
# the transcript compares with indicators-us.csv, scored as
# docs/statistics.md says: items 1-5, reverse-coded ones recoded 6 - x,
# put on 0-100; a respondent's dimension value is the mean of the items
# answered when at least 3 of 4 are; the score is the mean of the values,
# its interval t.test()'s, the median quantile type 7; the composite the
# weighted mean of the scores (weights 2, 1, 2, 1, 1, 1); alpha is
# psych::alpha's raw alpha (pairwise missing answers).
#
#   cd tests/data/stats && Rscript indicators-us.R > indicators-us.Rout 2>&1
suppressMessages(library(psych))
d <- read.csv("indicators-us.csv", stringsAsFactors = FALSE)
dims <- list(besoins = c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement"),
             lien_social = c("lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement"),
             egalite = c("ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus"),
             territoire = c("ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites"),
             innovation = c("inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes"),
             gouvernance = c("gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs"))
reversed <- c("bes_eloignement", "ega_exclus", "inn_habitudes")
w <- c(2, 1, 2, 1, 1, 1)
scores <- c()
for (k in names(dims)) {
  x <- as.matrix(d[, dims[[k]]])
  for (it in intersect(colnames(x), reversed)) x[, it] <- 6 - x[, it]
  s <- 100 * (x - 1) / 4
  a <- rowSums(!is.na(s))
  v <- ifelse(a >= 3, rowSums(s, na.rm = TRUE) / a, NA)
  v <- v[!is.na(v)]
  ci <- t.test(v)$conf.int
  al <- suppressWarnings(alpha(x, warnings = FALSE))$total
  cat(sprintf("%-12s n %d score %.4f ci %.4f %.4f median %.4f alpha %.4f std %.4f average_r %.4f\n",
              k, length(v), mean(v), ci[1], ci[2], quantile(v, 0.5, type = 7),
              al$raw_alpha, al$std.alpha, al$average_r))
  scores <- c(scores, mean(v))
}
cat(sprintf("composite (weighted mean of the scores) %.4f\n", sum(w * scores) / sum(w)))

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads them off the transcript's two tables of all respondents (at
# the decimals printed: one for scores, two for alphas); the composite's n
# counts those with at least one dimension value, its interval (a
# bootstrap) is not recomputed here (boot.R checks the method).
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\nutilite-sociale overall\n")
cat("dimension,n,score,score_low,score_high,median,alpha\n")
any_value <- rep(FALSE, nrow(d))
for (k in names(dims)) {
  x <- as.matrix(d[, dims[[k]]])
  for (it in intersect(colnames(x), reversed)) x[, it] <- 6 - x[, it]
  s <- 100 * (x - 1) / 4
  a <- rowSums(!is.na(s))
  v <- ifelse(a >= 3, rowSums(s, na.rm = TRUE) / a, NA)
  any_value <- any_value | !is.na(v)
  v <- v[!is.na(v)]
  ci <- t.test(v)$conf.int
  al <- suppressWarnings(alpha(x, warnings = FALSE))$total
  cat(paste(k, length(v), g10(mean(v)), g10(ci[1]), g10(ci[2]), g10(quantile(v, 0.5, type = 7)),
            g10(al$raw_alpha), sep = ","), "\n", sep = "")
}
cat(paste("_composite", sum(any_value), g10(sum(w * scores) / sum(w)), "", "", "", "", sep = ","),
    "\n", sep = "")
