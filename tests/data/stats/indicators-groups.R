# Second opinion on 'indicators compute data/indicators/mini.yaml --by
# _group --format csv' and '--by satisfaction_globale' in
# tests/cli/cases/indicators.cmd: the answers of indicators-us.csv (the
# transcript compares its export with it), scored as docs/statistics.md
# says: besoins the mean of four items 1-5 put on 0-100 (bes_eloignement
# reverse-coded 6 - x) when at least 3 are answered; accord 100 when
# bes_reels >= 4 (Wilson's interval for the score, prop.test without
# continuity correction); satisfaction the value of satisfaction_globale
# and its score 100 * value / 10 (target 10, baseline 0); per group and
# for all: n, missing (no value), below_coverage (some items, too few),
# mean, sd, 5th smallest and largest, quartiles type 7, t.test()'s
# interval, the score and its interval; the composite the weighted mean of
# the scores (1, 0, 2; its bootstrap interval is not recomputed here:
# tests/cli/second-opinion.md).  Then, by satisfaction_globale, Spearman's
# rho of each dimension's value with it (cor.test: S, rho, asymptotic p;
# the transcript prints the JSON's comparisons).
#
#   cd tests/data/stats && Rscript indicators-groups.R > indicators-groups.Rout 2>&1
d <- read.csv("indicators-us.csv", stringsAsFactors = FALSE)
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
items <- c("bes_reels", "bes_emergents", "bes_effets", "bes_eloignement")
x <- as.matrix(d[, items]); x[, "bes_eloignement"] <- 6 - x[, "bes_eloignement"]
s <- 100 * (x - 1) / 4
answered <- rowSums(!is.na(s))
d$besoins <- ifelse(answered >= 3, rowSums(s, na.rm = TRUE) / answered, NA)
d$besoins_below <- answered > 0 & answered < 3
d$accord <- ifelse(is.na(d$bes_reels), NA, 100 * (d$bes_reels >= 4))
d$accord_below <- FALSE
d$satisfaction <- d$satisfaction_globale
d$satisfaction_below <- FALSE
dims <- c("besoins", "accord", "satisfaction")
weight <- c(besoins = 1, accord = 0, satisfaction = 2)
score <- function(k, v) if (k == "satisfaction") 100 * v / 10 else v

cat("indicators by group\n")
cat("group,dimension,n,missing,below_coverage,mean,sd,min_k,q1,median,q3,max_k,ci_low,ci_high,score,score_low,score_high\n")
for (g in c(sort(unique(d$X_group)), "_all")) {
  r <- if (g == "_all") d else d[d$X_group == g, ]
  sc <- c()
  for (k in dims) {
    v <- r[[k]][!is.na(r[[k]])]; o <- sort(v); n <- length(v)
    ci <- t.test(v)$conf.int; q <- quantile(v, c(0.25, 0.5, 0.75), type = 7)
    si <- if (k == "accord") 100 * prop.test(sum(v > 0), n, correct = FALSE)$conf.int else score(k, ci)
    sc[k] <- score(k, mean(v))
    cat(paste(g, k, n, nrow(r) - n, sum(r[[paste0(k, "_below")]]), g10(mean(v)), g10(sd(v)),
              g10(o[5]), g10(q[1]), g10(q[2]), g10(q[3]), g10(rev(o)[5]), g10(ci[1]), g10(ci[2]),
              g10(sc[k]), g10(si[1]), g10(si[2]), sep = ","), "\n", sep = "")
  }
  cat(paste(g, "_composite", nrow(r), "", "", "", "", "", "", "", "", "", "", "",
            g10(sum(weight * sc[dims]) / sum(weight)), sep = ","), "\n", sep = "")
}

cat("\nspearman with satisfaction_globale\n")
cat("dimension,n,statistic,rho,p\n")
for (k in dims) {
  ok <- !is.na(d[[k]]) & !is.na(d$satisfaction_globale)
  ct <- suppressWarnings(cor.test(d[[k]][ok], d$satisfaction_globale[ok], method = "spearman", exact = FALSE))
  cat(paste(k, sum(ok), g10(ct$statistic), g10(ct$estimate), g10(ct$p.value), sep = ","), "\n", sep = "")
}
