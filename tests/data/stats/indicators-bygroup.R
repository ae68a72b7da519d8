# Second opinion on the tables by group of tests/cli/cases/indicators.cmd
# on the answers of indicators-us.csv (which the transcript compares with
# its export): 'indicators compute indicators/utilite-sociale.yaml' by its
# group_by interne_externe (French table; scoring as indicators-us.R), and
# 'indicators compute data/indicators/mini.yaml --lang en' by its group_by
# partie_prenante (scoring as indicators-groups.R).  Per group shown and
# for all: n, the score, its interval (t.test(), Wilson's for the one-item
# share accord, put on 0-100 for satisfaction: 10 x the value), the median
# on 0-100, the composite (weighted mean of the scores: its bootstrap
# interval is not recomputed, see boot.R); between two groups t.test()
# (Welch), Cohen's d (pooled SD), wilcox.test()'s W (normal approximation)
# and r = 2W / (n1 n2) - 1; between more, anova(lm()) with eta squared and
# kruskal.test, over the groups shown only: the transcript hides
# 'benevole' (4 answers) and 'partenaire_public' (8: the smallest other
# group, hidden so that benevole cannot be worked out from the total), as
# docs/statistics.md's small-group rule says.  tests/cli/second-opinion.py
# compares these with the tables at the precision they print.
#
#   cd tests/data/stats && Rscript indicators-bygroup.R > indicators-bygroup.Rout 2>&1
d <- read.csv("indicators-us.csv", stringsAsFactors = FALSE)
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
mean_items <- function(its, rev = character()) {
  x <- as.matrix(d[, its])
  for (it in rev) x[, it] <- 6 - x[, it]
  s <- 100 * (x - 1) / 4; a <- rowSums(!is.na(s))
  ifelse(a >= ceiling(2 * length(its) / 3), rowSums(s, na.rm = TRUE) / a, NA)
}
us <- list(besoins = mean_items(c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement"), "bes_eloignement"),
           lien_social = mean_items(c("lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement")),
           egalite = mean_items(c("ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus"), "ega_exclus"),
           territoire = mean_items(c("ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites")),
           innovation = mean_items(c("inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes"), "inn_habitudes"),
           gouvernance = mean_items(c("gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs")))
us_w <- c(2, 1, 2, 1, 1, 1)
mini <- list(besoins = us$besoins,
             accord = ifelse(is.na(d$bes_reels), NA, 100 * (d$bes_reels >= 4)),
             satisfaction = d$satisfaction_globale)
mini_w <- c(1, 0, 2)
score <- function(k, y) if (k == "satisfaction") 10 * y else y

tables <- function(name, vals, w, by, groups) {
  cat("\n", name, "\n", sep = "")
  cat("dimension,group,n,score,score_low,score_high,median\n")
  for (g in c(groups, "_all")) {
    r <- if (g == "_all") rep(TRUE, nrow(d)) else d[[by]] == g
    sc <- c()
    for (k in names(vals)) {
      v <- vals[[k]][r]; v <- v[!is.na(v)]
      ci <- if (k == "accord") 100 * prop.test(sum(v > 0), length(v), correct = FALSE)$conf.int
            else score(k, t.test(v)$conf.int)
      sc[k] <- score(k, mean(v))
      cat(paste(k, g, length(v), g10(sc[k]), g10(ci[1]), g10(ci[2]), g10(score(k, median(v))),
                sep = ","), "\n", sep = "")
    }
    cat(paste("_composite", g, sum(r), g10(sum(w * sc) / sum(w)), "", "", "", sep = ","), "\n", sep = "")
  }
  cat("\n", name, ": tests\n", sep = "")
  cat("dimension,t,df,p_t,d,W,p_w,r,F,df1,df2,p_f,eta2,H,df_h,p_h\n")
  for (k in names(vals)) {
    ok <- !is.na(vals[[k]]) & d[[by]] %in% groups
    v <- vals[[k]][ok]; g <- factor(d[[by]][ok], groups)
    if (length(groups) == 2) {
      a <- v[g == groups[1]]; b <- v[g == groups[2]]
      t <- t.test(a, b)
      sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / (length(a) + length(b) - 2))
      wt <- suppressWarnings(wilcox.test(a, b, exact = FALSE))
      cat(paste(k, g10(t$statistic), g10(t$parameter), g10(t$p.value), g10((mean(a) - mean(b)) / sp),
                g10(wt$statistic), g10(wt$p.value), g10(2 * wt$statistic / (length(a) * length(b)) - 1),
                "", "", "", "", "", "", "", "", sep = ","), "\n", sep = "")
    } else {
      an <- anova(lm(v ~ g)); kw <- kruskal.test(v, g)
      cat(paste(k, "", "", "", "", "", "", "", g10(an$`F value`[1]), an$Df[1], an$Df[2],
                g10(an$`Pr(>F)`[1]), g10(an$`Sum Sq`[1] / sum(an$`Sum Sq`)), g10(kw$statistic),
                kw$parameter, g10(kw$p.value), sep = ","), "\n", sep = "")
    }
  }
}
tables("utilite-sociale by interne_externe", us, us_w, "interne_externe", c("interne", "externe"))
tables("mini by partie_prenante", mini, mini_w, "partie_prenante",
       c("salarie", "administrateur", "adherent", "personne_accompagnee", "financeur", "entreprise",
         "autre_association", "chercheur", "autre"))
