# Second opinion on 'indicators compute indicators/gouvernance.yaml
# --overall' in tests/cli/cases/indicators.cmd: the seeded answers
# (simulate gouvernance --n 120 --seed 5), which the transcript exports at
# its end and compares with gouvernance.csv and, for the board members
# (repeat membres_ca), gouvernance-membres_ca.csv.  As docs/statistics.md
# and indicators/gouvernance.yaml say: faire_equipe the mean of eight items
# 1-5 on 0-100 (fe_cercle_restreint and fe_isolement reverse-coded) when
# at least 6 are answered; each formula's value per respondent, the board
# shares recomputed from the members' own answers (sexe, tranche_age,
# entre_2ans, depart_prevu, annees_ca; rounded to 1 decimal as XPath's
# round, floor(x + 0.5)); the score 100 (mean - baseline) / (target -
# baseline) kept within 0-100, its interval t.test()'s put through the same,
# the median likewise; the composite the weighted mean of the scores
# (weights 2, 2, 1, 1, 1, 1; its bootstrap interval: see boot.R).  The
# table prints these rounded; tests/cli/second-opinion.py compares them.
#
#   cd tests/data/stats && Rscript gouvernance.R > gouvernance.Rout 2>&1
d <- read.csv("gouvernance.csv", stringsAsFactors = FALSE, na.strings = "")
m <- read.csv("gouvernance-membres_ca.csv", stringsAsFactors = FALSE, na.strings = "")
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
xround <- function(x) floor(10 * x + 0.5) / 10
board <- function(f) sapply(d$X_id, function(id) {
  r <- m[m$X_id == id, ]
  if (nrow(r) == 0) NA else f(r)
})
fe <- c("fe_parole", "fe_vision", "fe_repartition", "fe_cercle_restreint", "fe_accueil",
        "fe_convivialite", "fe_isolement", "fe_direction")
x <- as.matrix(d[, fe])
for (it in c("fe_cercle_restreint", "fe_isolement")) x[, it] <- 6 - x[, it]
s <- 100 * (x - 1) / 4; a <- rowSums(!is.na(s))
v <- list(
  faire_equipe = ifelse(a >= ceiling(2 * 8 / 3), rowSums(s, na.rm = TRUE) / a, NA),
  renouvellement = 100 * d$nb_nouveaux_3ans / d$nb_membres,
  vacance = 100 * d$nb_postes_vacants / (d$nb_membres + d$nb_postes_vacants),
  ouverture_jeunes = 100 * d$nb_moins_40 / d$nb_membres,
  parite = 100 * d$nb_femmes / d$nb_membres,
  succession = ifelse(d$depart_cle_prevu %in% "oui", ifelse(d$plan_succession %in% "non", 0, 100), NA),
  intention = ifelse(d$intention_renouveler %in% c("oui_certainement", "oui_probablement"), 100,
                     ifelse(d$intention_renouveler %in% c("non_probablement", "non_certainement"), 0, NA)),
  ca_parite = board(function(r) xround(100 * sum(r$sexe %in% "femme") / nrow(r))),
  ca_anciennete = board(function(r) if (any(!is.na(r$annees_ca))) xround(mean(r$annees_ca, na.rm = TRUE)) else NA),
  ca_moins_45 = board(function(r) xround(100 * sum(r$tranche_age %in% c("moins_30", "de_30_44")) / nrow(r))),
  ca_nouveaux = board(function(r) xround(100 * sum(r$entre_2ans %in% "oui") / nrow(r))),
  ca_departs = board(function(r) xround(100 * sum(r$depart_prevu %in% "oui") / nrow(r))))
target <- c(faire_equipe = NA, renouvellement = 33, vacance = 0, ouverture_jeunes = 25, parite = 50,
            succession = 100, intention = 100, ca_parite = 50, ca_anciennete = 6, ca_moins_45 = 30,
            ca_nouveaux = 22, ca_departs = 10)
baseline <- c(renouvellement = 0, vacance = 30, ouverture_jeunes = 0, parite = 0, succession = 0,
              intention = 0, ca_parite = 0, ca_anciennete = 15, ca_moins_45 = 0, ca_nouveaux = 0,
              ca_departs = 50)
weight <- c(faire_equipe = 2, renouvellement = 2, vacance = 1, ouverture_jeunes = 1, parite = 1,
            succession = 1, intention = 0, ca_parite = 0, ca_anciennete = 0, ca_moins_45 = 0,
            ca_nouveaux = 0, ca_departs = 0)
cat("gouvernance overall\n")
cat("dimension,n,score,score_low,score_high,median,value_mean,value_median\n")
sc <- c()
for (k in names(v)) {
  x <- v[[k]]; x <- x[!is.na(x)]
  ci <- t.test(x)$conf.int; med <- median(x)
  put <- if (is.na(target[k])) function(y) y else
    function(y) pmin(100, pmax(0, 100 * (y - baseline[k]) / (target[k] - baseline[k])))
  lo <- sort(put(ci))[1]; hi <- sort(put(ci))[2]
  sc[k] <- put(mean(x))
  cat(paste(k, length(x), g10(sc[k]), g10(lo), g10(hi), g10(put(med)),
            if (is.na(target[k])) "" else g10(mean(x)), if (is.na(target[k])) "" else g10(med),
            sep = ","), "\n", sep = "")
}
cat(paste("_composite", nrow(d), g10(sum(weight * sc[names(weight)]) / sum(weight)), "", "", "", "", "",
          sep = ","), "\n", sep = "")
