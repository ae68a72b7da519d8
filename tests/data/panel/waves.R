# Second opinion on the comparison of the two waves in
# tests/cli/cases/panel.cmd ('indicators compute suivi-indicateurs.yaml
# --by _wave'): the answers of the seeded simulation (the transcript
# compares its export, without the random _id and sorted, with
# suivi-answers.csv), scored as docs/statistics.md says (autonomie: the
# mean of informe and choix on 1-4 put on 0-100; instance: 100 when yes),
# then per wave n, mean, median, and the interval: t.test()'s for the mean
# of autonomie, Wilson's (prop.test without continuity correction) for the
# share of instance; Welch's t.test,
# Cohen's d (pooled SD), wilcox.test's W (normal approximation with ties)
# and the rank-biserial r = 2W / (n1 n2) - 1.  The paired figures need the
# panel keys, which the export does not carry: pairs.R computes them on the
# pairs tests/cli/cases/panel-pairs.cmd reads from the workspace.
#
#   cd tests/data/panel && Rscript waves.R > waves.Rout 2>&1
d <- read.csv("suivi-answers.csv")
d$autonomie <- (100 * (d$informe - 1) / 3 + 100 * (d$choix - 1) / 3) / 2
d$instance100 <- 100 * (d$instance >= 1)
for (v in c("autonomie", "instance100")) {
  cat(v, "\n")
  for (w in c(2024, 2025, NA)) {
    x <- if (is.na(w)) d[[v]] else d[[v]][d$X_wave == w]
    ci <- if (v == "instance100") 100 * prop.test(sum(x > 0), length(x), correct = FALSE)$conf.int else
      t.test(x)$conf.int
    cat(sprintf("  %s n %d mean %.4f ci %.4f %.4f median %.4f\n", if (is.na(w)) "all" else w,
                length(x), mean(x), ci[1], ci[2], median(x)))
  }
  a <- d[[v]][d$X_wave == 2024]; b <- d[[v]][d$X_wave == 2025]
  t <- t.test(a, b)
  sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / (length(a) + length(b) - 2))
  wt <- suppressWarnings(wilcox.test(a, b, exact = FALSE))
  cat(sprintf("  Welch t %.4f df %.4f p %.5f d %.4f; Mann-Whitney W %.1f p %.5f r %.4f\n",
              t$statistic, t$parameter, t$p.value, (mean(a) - mean(b)) / sp,
              wt$statistic, wt$p.value, 2 * wt$statistic / (length(a) * length(b)) - 1))
}

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads them off the transcript's table by _wave (at the decimals
# printed).  The composite: instance has weight 0, so it is autonomie's
# score (its interval, a bootstrap, is not shown with --bootstrap 0).
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\nsuivi by wave\n")
cat("group,dimension,n,score,score_low,score_high,median\n")
for (v in c("autonomie", "instance100", "composite")) {
  for (w in c(2024, 2025, NA)) {
    x <- d[[if (v == "composite") "autonomie" else v]]
    if (!is.na(w)) x <- x[d$X_wave == w]
    ci <- if (v == "instance100") 100 * prop.test(sum(x > 0), length(x), correct = FALSE)$conf.int else
      t.test(x)$conf.int
    name <- c(autonomie = "autonomie", instance100 = "instance", composite = "_composite")[[v]]
    cat(paste(if (is.na(w)) "_all" else w, name, length(x), g10(mean(x)),
              if (v == "composite") "" else g10(ci[1]), if (v == "composite") "" else g10(ci[2]),
              if (v == "composite") "" else g10(median(x)), sep = ","), "\n", sep = "")
  }
}
cat("\nsuivi by wave: tests\n")
cat("dimension,t,df,p_t,d,W,p_w,r\n")
for (v in c("autonomie", "instance100")) {
  a <- d[[v]][d$X_wave == 2024]; b <- d[[v]][d$X_wave == 2025]
  t <- t.test(a, b)
  sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / (length(a) + length(b) - 2))
  wt <- suppressWarnings(wilcox.test(a, b, exact = FALSE))
  cat(paste(if (v == "instance100") "instance" else v, g10(t$statistic), g10(t$parameter), g10(t$p.value),
            g10((mean(a) - mean(b)) / sp), g10(wt$statistic), g10(wt$p.value),
            g10(2 * wt$statistic / (length(a) * length(b)) - 1), sep = ","), "\n", sep = "")
}
# autonomie's reliability over all respondents (the table's "Fiabilité"
# section): psych::alpha on informe and choix, each item's n, mean, SD and
# item-rest r (with two items, no alpha without the item is shown).
suppressPackageStartupMessages(library(psych))
al <- suppressWarnings(psych::alpha(d[, c("informe", "choix")], warnings = FALSE, check.keys = FALSE))
cat("\nsuivi item table\n")
cat("item,n,mean,sd,r_rest,alpha_if_deleted,standardised\n")
for (it in c("informe", "choix")) {
  v <- d[[it]]; v <- v[!is.na(v)]
  cat(paste(it, length(v), g10(mean(v)), g10(sd(v)), g10(al$item.stats[it, "r.drop"]), "", "", sep = ","),
      "\n", sep = "")
}
cat("\nsuivi alpha\n")
cat("dimension,alpha,standardised,average_r\n")
cat(paste("autonomie", g10(al$total$raw_alpha), g10(al$total$std.alpha), g10(al$total$average_r), sep = ","),
    "\n", sep = "")
