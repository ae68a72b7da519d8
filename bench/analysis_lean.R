# The lean R pipeline beside `utilis indicators compute --by partie_prenante`
# in bench/analysis_bench.c: the work an analyst would write by hand in base R
# and data.table, without psych.  On the CSV of the same respondents: read it
# (data.table::fread), reverse the reverse-coded items, Cronbach's alpha of
# each dimension from its covariance matrix (pairwise, as psych::alpha's
# raw_alpha), the dimension scores (0-100, at least 3 of 4 items), their means
# by stakeholder type, a one-way analysis of variance of each dimension
# across the types, and for the whole and each type the composite index
# (weights 2,1,2,1,1,1) with a percentile bootstrap of 2,000 replicates of at
# most 10,000 respondents (the m-out-of-n rule utilis applies).  Prints
# "time SECONDS CPU_SECONDS" of the whole, the reading included.
#
#   Rscript bench/analysis_lean.R FILE.csv
suppressPackageStartupMessages(library(data.table))
t0 <- proc.time()
items <- list(
  besoins = c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement"),
  lien_social = c("lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement"),
  egalite = c("ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus"),
  territoire = c("ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites"),
  innovation = c("inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes"),
  gouvernance = c("gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs"))
weights <- c(besoins = 2, lien_social = 1, egalite = 2, territoire = 1, innovation = 1, gouvernance = 1)
reversed <- c("bes_eloignement", "ega_exclus", "inn_habitudes")

d <- fread(commandArgs(TRUE)[1])
for (v in reversed) set(d, j = v, value = 6L - d[[v]])
alpha <- sapply(names(items), function(k) {
  C <- cov(as.matrix(d[, items[[k]], with = FALSE]), use = "pairwise.complete.obs")
  p <- ncol(C)
  p / (p - 1) * (1 - sum(diag(C)) / sum(C))
})
for (k in names(items)) {
  m <- as.matrix(d[, items[[k]], with = FALSE])
  s <- rowMeans(100 * (m - 1) / 4, na.rm = TRUE)
  s[rowSums(!is.na(m)) < 3] <- NA
  set(d, j = k, value = s)
}
means <- d[, lapply(.SD, mean, na.rm = TRUE), by = partie_prenante, .SDcols = names(items)]
tests <- sapply(names(items), function(k)
  summary(aov(d[[k]] ~ factor(d$partie_prenante)))[[1]][["Pr(>F)"]][1])
set.seed(1)
composite <- function(S) {
  full <- colMeans(S, na.rm = TRUE)
  est <- sum(weights * full) / sum(weights)
  n <- nrow(S)
  m <- min(n, 10000)
  sub <- S[sample.int(n, m), , drop = FALSE]
  theta <- sum(weights * colMeans(sub, na.rm = TRUE)) / sum(weights)
  reps <- replicate(2000, sum(weights * colMeans(sub[sample.int(m, m, TRUE), , drop = FALSE],
                                                 na.rm = TRUE)) / sum(weights))
  q <- quantile(reps, c(0.025, 0.975), names = FALSE)
  f <- sqrt(m / n)
  c(est, est + f * (q - theta))
}
S <- as.matrix(d[, names(items), with = FALSE])
keep <- rowSums(!is.na(S)) > 0
groups <- d$partie_prenante
ci <- list(all = composite(S[keep, , drop = FALSE]))
for (g in unique(groups)) ci[[g]] <- composite(S[keep & groups == g, , drop = FALSE])
t1 <- proc.time() - t0
cat(sprintf("time %.3f %.3f\n", t1[["elapsed"]], t1[["user.self"]] + t1[["sys.self"]]))
