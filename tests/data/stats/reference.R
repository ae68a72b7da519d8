# Reference values for tests/unit/test_stats.c, computed with R and psych.
#
#   cd tests/data/stats && Rscript reference.R > reference.Rout 2>&1
#
# Writes reference.txt (one "key value" line per number, 17 significant
# digits, read by the unit test), datasets.txt (the R data sets used, one
# vector a line), spearman20.txt, and alpha.csv / alpha-missing.csv (the
# generated item responses psych::alpha is run on).  reference.Rout keeps
# R's own printed output of every call, for a human to compare with.
# Every example not generated here comes from the documentation of the R
# function named beside it (?t.test, ?chisq.test, ?kruskal.test,
# ?wilcox.test, ?cor.test, ?lm) or from Newcombe (1998).
suppressPackageStartupMessages(library(psych))
cat(R.version.string, "\npsych", format(packageVersion("psych")), "\n\n")
out <- file("reference.txt", "w")
put <- function(key, value) {
  for (i in seq_along(value))
    writeLines(sprintf("%s%s %.17g", key, if (length(value) > 1) paste0(".", i) else "",
                       value[i]), out)
}

## Descriptives and the t interval of a mean: ?sleep data, all 20 values.
x <- sleep$extra
print(quantile(x)); print(t.test(x)$conf.int)
put("desc.sleep.n", length(x)); put("desc.sleep.mean", mean(x)); put("desc.sleep.sd", sd(x))
put("desc.sleep.q", quantile(x, c(0, .25, .5, .75, 1), type = 7))
put("desc.sleep.ci", t.test(x)$conf.int)
## More than 64 values (the counting path of dist_build): airquality Ozone.
oz <- airquality$Ozone[!is.na(airquality$Ozone)]
print(quantile(oz)); print(t.test(oz)$conf.int)
put("desc.ozone.mean", mean(oz)); put("desc.ozone.sd", sd(oz))
put("desc.ozone.q", quantile(oz, c(0, .1, .25, .5, .75, .9, 1), type = 7))
put("desc.ozone.ci", t.test(oz)$conf.int)

## Welch two-sample t test: ?t.test, t.test(extra ~ group, data = sleep).
w <- t.test(extra ~ group, data = sleep); print(w)
put("welch.sleep.t", w$statistic); put("welch.sleep.df", w$parameter); put("welch.sleep.p", w$p.value)
g1 <- sleep$extra[sleep$group == 1]; g2 <- sleep$extra[sleep$group == 2]
sp <- sqrt(((length(g1) - 1) * var(g1) + (length(g2) - 1) * var(g2)) / (length(g1) + length(g2) - 2))
put("welch.sleep.d", (mean(g1) - mean(g2)) / sp)

## One-way ANOVA: ?lm, the PlantGrowth example (Dobson 1990), anova(lm(weight ~ group)).
a <- anova(lm(weight ~ group, data = PlantGrowth)); print(a)
put("anova.plant.F", a$`F value`[1]); put("anova.plant.df1", a$Df[1]); put("anova.plant.df2", a$Df[2])
put("anova.plant.p", a$`Pr(>F)`[1]); put("anova.plant.eta2", a$`Sum Sq`[1] / sum(a$`Sum Sq`))
print(oneway.test(weight ~ group, data = PlantGrowth, var.equal = TRUE))

## Kruskal-Wallis: ?kruskal.test, Hollander & Wolfe (1973) p. 116, and airquality Ozone ~ Month (ties).
hx <- c(2.9, 3.0, 2.5, 2.6, 3.2); hy <- c(3.8, 2.7, 4.0, 2.4); hz <- c(2.8, 3.4, 3.7, 2.2, 2.0)
k <- kruskal.test(list(hx, hy, hz)); print(k)
put("kruskal.hw.H", k$statistic); put("kruskal.hw.df", k$parameter); put("kruskal.hw.p", k$p.value)
k <- kruskal.test(Ozone ~ Month, data = airquality); print(k)
put("kruskal.ozone.H", k$statistic); put("kruskal.ozone.df", k$parameter); put("kruskal.ozone.p", k$p.value)

## Mann-Whitney: ?wilcox.test, Hollander & Wolfe (1973) p. 69 (exact), and Ozone ~ Month 5 vs 8 (ties).
mx <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
my <- c(1.15, 0.88, 0.90, 0.74, 1.21)
m <- wilcox.test(mx, my, alternative = "g"); print(m)
put("mw.hw.W", m$statistic); put("mw.hw.p_greater", m$p.value)
m <- wilcox.test(mx, my); print(m); put("mw.hw.p", m$p.value)
m <- suppressWarnings(wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))); print(m)
put("mw.ozone.W", m$statistic); put("mw.ozone.p", m$p.value)

## Chi-square of independence: ?chisq.test, Agresti (2007) p. 39 (party by gender), and a 2x2 with Yates.
M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))); cs <- chisq.test(M); print(cs)
put("chisq.party.X2", cs$statistic); put("chisq.party.df", cs$parameter); put("chisq.party.p", cs$p.value)
put("chisq.party.V", sqrt(chisq.test(M, correct = FALSE)$statistic / (sum(M) * (min(dim(M)) - 1))))
T2 <- matrix(c(12, 5, 7, 7), ncol = 2); cs <- chisq.test(T2); print(cs)
put("chisq.yates.X2", cs$statistic); put("chisq.yates.p", cs$p.value)
put("chisq.yates.V", sqrt(chisq.test(T2, correct = FALSE)$statistic / sum(T2)))
put("chisq.yates.min_expected", min(cs$expected))

## Spearman: ?cor.test, Hollander & Wolfe (1973) p. 187 (n = 9, exact), then
## n = 20 without ties (AS 89 Edgeworth series) and Ozone ~ Temp (ties: t approximation).
sx <- c(44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1)
sy <- c( 2.6,  3.1,  2.5,  5.0,  3.6,  4.0,  5.2,  2.8,  3.8)
s <- cor.test(sx, sy, method = "spearman", alternative = "g"); print(s)
put("spearman.hw.S", s$statistic); put("spearman.hw.rho", s$estimate); put("spearman.hw.p_greater", s$p.value)
s <- cor.test(sx, sy, method = "spearman"); print(s); put("spearman.hw.p", s$p.value)
set.seed(20240506)
ex <- round(rnorm(20), 6); ey <- round(ex + rnorm(20), 6)
writeLines(sprintf("%.6f %.6f", ex, ey), "spearman20.txt")
s <- cor.test(ex, ey, method = "spearman"); print(s)
put("spearman.n20.S", s$statistic); put("spearman.n20.rho", s$estimate); put("spearman.n20.p", s$p.value)
aq <- airquality[complete.cases(airquality$Ozone, airquality$Temp), ]
s <- suppressWarnings(cor.test(aq$Ozone, aq$Temp, method = "spearman")); print(s)
put("spearman.ozone.S", s$statistic); put("spearman.ozone.rho", s$estimate); put("spearman.ozone.p", s$p.value)

## Wilson score interval: Newcombe (1998) Table I (method 3) cases, with R's prop.test(correct = FALSE).
for (case in list(c(81, 263), c(15, 148), c(0, 20), c(1, 29))) {
  ci <- prop.test(case[1], case[2], correct = FALSE)$conf.int
  cat(sprintf("%d/%d: %.4f %.4f\n", case[1], case[2], ci[1], ci[2]))
  put(sprintf("wilson.%d_%d", case[1], case[2]), ci)
}

## Cronbach's alpha: psych::alpha on generated 5-point answers, 300 respondents,
## 5 items of one factor, item 4 worded against it (reverse-coded before alpha:
## 6 - x), first without then with 8% of answers missing (pairwise deletion).
set.seed(1998)
n <- 300; f <- rnorm(n)
load <- c(0.8, 0.7, 0.6, -0.6, 0.5)
likert <- function(z) pmin(5, pmax(1, round(3 + 1.1 * z)))
X <- sapply(load, function(l) likert(l * f + sqrt(1 - l^2) * rnorm(n)))
colnames(X) <- paste0("q", 1:5)
write.csv(X, "alpha.csv", row.names = FALSE)
Xm <- X; Xm[matrix(runif(length(X)) < 0.08, nrow(X))] <- NA
write.csv(Xm, "alpha-missing.csv", row.names = FALSE, na = "")
for (d in list(list("alpha", X), list("alpha_missing", Xm))) {
  raw <- d[[2]]; scored <- raw; scored[, 4] <- 6 - scored[, 4]
  a <- psych::alpha(as.data.frame(scored)); print(a)
  key <- d[[1]]
  put(paste0(key, ".raw"), a$total$raw_alpha); put(paste0(key, ".std"), a$total$std.alpha)
  put(paste0(key, ".average_r"), a$total$average_r)
  put(paste0(key, ".alpha_drop"), a$alpha.drop$raw_alpha)
  put(paste0(key, ".std_drop"), a$alpha.drop$std.alpha)
  put(paste0(key, ".r_drop"), a$item.stats$r.drop)
  put(paste0(key, ".mean"), colMeans(raw, na.rm = TRUE))
  put(paste0(key, ".sd"), apply(raw, 2, sd, na.rm = TRUE))
  put(paste0(key, ".n"), colSums(!is.na(raw)))
}

## Cronbach's alpha with an item of no variance: alpha.csv with item 4
## reverse-coded and a sixth item answered 3 by everyone.  psych::alpha drops
## the item (delete = TRUE, with a warning) and reports the five others.
Xc <- as.data.frame(X); Xc$q4 <- 6 - Xc$q4; Xc$q6 <- 3
a <- suppressWarnings(psych::alpha(Xc)); print(a)
put("alpha_constant.raw", a$total$raw_alpha); put("alpha_constant.std", a$total$std.alpha)
put("alpha_constant.average_r", a$total$average_r)
put("alpha_constant.alpha_drop", a$alpha.drop$raw_alpha)
put("alpha_constant.std_drop", a$alpha.drop$std.alpha)
put("alpha_constant.r_drop", a$item.stats$r.drop)
print(rownames(a$alpha.drop))

## Fisher's exact test, two-sided: ?fisher.test (tea tasting, Fleiss's
## convictions of twins, job satisfaction 4x4), a lopsided 2x2 where tables
## tie with the observed one, a 3x2 and a 2x4 with small counts, a table
## with an empty row and column, as a crosstab of survey answers can be.
fisher_case <- function(key, m) {
  f <- fisher.test(m); print(m); print(f)
  put(paste0("fisher.", key), f$p.value)
}
fisher_case("tea", matrix(c(3, 1, 1, 3), nrow = 2))
fisher_case("convictions", matrix(c(2, 10, 15, 3), nrow = 2))
fisher_case("ties", matrix(c(3, 3, 3, 3), nrow = 2))
fisher_case("lopsided", matrix(c(1, 9, 11, 3), nrow = 2))
fisher_case("job", matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4))
fisher_case("r3x2", matrix(c(4, 0, 2, 1, 6, 5), nrow = 3))
fisher_case("r2x4", matrix(c(5, 1, 3, 2, 0, 4, 1, 6), nrow = 2))
fisher_case("zeros", matrix(c(4, 0, 2, 0, 0, 0, 1, 0, 6), nrow = 3))
## The crosstab of tests/cli/cases/describe-fisher.cmd (ecoute by seul, fisher-essai.csv).
fe <- read.csv("fisher-essai.csv"); print(table(fe$ecoute, fe$seul))
fisher_case("essai", table(fe$ecoute, fe$seul))

## Wilson intervals of the categories in tests/unit/test_describe.c (describe --format csv).
for (case in list(c(20, 30), c(10, 30), c(15, 22), c(0, 22))) {
  ci <- prop.test(case[1], case[2], correct = FALSE)$conf.int
  cat(sprintf("%d/%d: %.10f %.10f\n", case[1], case[2], ci[1], ci[2]))
  put(sprintf("wilson.%d_%d", case[1], case[2]), ci)
}
close(out)

## The R data sets used above, one vector per line ("name v1 v2 ..."), for the C test.
vec <- function(con, name, v) writeLines(paste(name, paste(format(v, digits = 17), collapse = " ")), con)
con <- file("datasets.txt", "w")
vec(con, "sleep_extra", sleep$extra)
for (g in levels(PlantGrowth$group)) vec(con, paste0("plant_", g), PlantGrowth$weight[PlantGrowth$group == g])
vec(con, "ozone", aq$Ozone); vec(con, "ozone_month", aq$Month); vec(con, "ozone_temp", aq$Temp)
close(con)
