# Second opinion on the item tables of the reliability section of
# 'indicators compute indicators/utilite-sociale.yaml' in
# tests/cli/cases/indicators.cmd (the answers of indicators-us.csv, which
# the transcript compares with its export): per dimension, per item, the
# answers given (n, mean, sd before reverse coding, as docs/statistics.md
# says), then psych::alpha on the items with the reverse-coded ones
# recoded 6 - x (pairwise missing answers): the item-rest correlation
# (r.drop) and alpha without the item, raw and standardised; and each
# dimension's alpha, standardised alpha and mean inter-item correlation.  The tables
# show these to 2 decimals; tests/cli/second-opinion.py compares them.
#
#   cd tests/data/stats && Rscript indicators-items.R > indicators-items.Rout 2>&1
suppressMessages(library(psych))
d <- read.csv("indicators-us.csv", stringsAsFactors = FALSE)
dims <- list(besoins = c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement"),
             lien_social = c("lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement"),
             egalite = c("ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus"),
             territoire = c("ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites"),
             innovation = c("inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes"),
             gouvernance = c("gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs"))
reversed <- c("bes_eloignement", "ega_exclus", "inn_habitudes")
g10 <- function(x) sprintf("%.10g", x)
alphas <- c()
cat("item tables\n")
cat("item,n,mean,sd,r_rest,alpha_if_deleted,standardised\n")
for (k in names(dims)) {
  x <- as.matrix(d[, dims[[k]]])
  raw <- x
  for (it in intersect(colnames(x), reversed)) x[, it] <- 6 - x[, it]
  a <- suppressWarnings(alpha(x, warnings = FALSE))
  alphas <- c(alphas, paste(k, g10(a$total$raw_alpha), g10(a$total$std.alpha), g10(a$total$average_r), sep = ","))
  for (it in dims[[k]]) {
    v <- raw[, it]; v <- v[!is.na(v)]
    cat(paste(it, length(v), g10(mean(v)), g10(sd(v)), g10(a$item.stats[it, "r.drop"]),
              g10(a$alpha.drop[it, "raw_alpha"]), g10(a$alpha.drop[it, "std.alpha"]), sep = ","), "\n", sep = "")
  }
}
cat("\ndimension alphas\n")
cat("dimension,alpha,standardised,average_r\n")
cat(alphas, sep = "\n")
