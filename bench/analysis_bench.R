# The R side of bench/analysis_bench.c: the same alphas and group means as
# `utilis indicators compute indicators/utilite-sociale.yaml`, on the CSV of
# the same respondents.  Prints "time read|alpha|means SECONDS", then
# "alpha DIMENSION VALUE" and "mean GROUP DIMENSION VALUE" for the comparison.
#
#   Rscript bench/analysis_bench.R FILE.csv
suppressPackageStartupMessages({ library(data.table); library(psych) })
args <- commandArgs(trailingOnly = TRUE)
items <- list(
  besoins = c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement"),
  lien_social = c("lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement"),
  egalite = c("ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus"),
  territoire = c("ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites"),
  innovation = c("inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes"),
  gouvernance = c("gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs"))
reversed <- c("bes_eloignement", "ega_exclus", "inn_habitudes")

t0 <- proc.time()[["elapsed"]]
d <- fread(args[1])
t1 <- proc.time()[["elapsed"]]
cat(sprintf("time read %.3f\n", t1 - t0))

# Reverse-coded items: min + max - x on the 1-5 scale, as the survey declares.
for (v in reversed) set(d, j = v, value = 6L - d[[v]])

t0 <- proc.time()[["elapsed"]]
alphas <- sapply(names(items), function(k)
  psych::alpha(as.data.frame(d[, items[[k]], with = FALSE]), warnings = FALSE)$total$raw_alpha)
t1 <- proc.time()[["elapsed"]]
cat(sprintf("time alpha %.3f\n", t1 - t0))

# Dimension scores: mean of the items answered, each scaled 0-100, when at
# least 3 of the 4 are answered; then their mean per group.
t0 <- proc.time()[["elapsed"]]
for (k in names(items)) {
  m <- as.matrix(d[, items[[k]], with = FALSE])
  s <- rowMeans(100 * (m - 1) / 4, na.rm = TRUE)
  s[rowSums(!is.na(m)) < 3] <- NA
  set(d, j = k, value = s)
}
means <- d[, lapply(.SD, mean, na.rm = TRUE), by = interne_externe, .SDcols = names(items)]
t1 <- proc.time()[["elapsed"]]
cat(sprintf("time means %.3f\n", t1 - t0))

for (k in names(items)) cat(sprintf("alpha %s %.12g\n", k, alphas[[k]]))
for (i in seq_len(nrow(means)))
  for (k in names(items))
    cat(sprintf("mean %s %s %.12g\n", means$interne_externe[i], k, means[[k]][i]))
