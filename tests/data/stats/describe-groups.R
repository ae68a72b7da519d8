# Second opinion on 'utilis describe essai --by _group' in
# tests/cli/cases/describe.cmd (the JSON; the table of '--by _group --lang
# en' prints the same figures rounded): the seeded simulation's answers,
# describe-essai.csv (the transcript compares its export with it), per
# group and for all, with base R as docs/statistics.md says: for each
# question the number who answered; for a number (and the codes of a
# scale) n, mean(), sd(), the 5th smallest and largest (given from 10
# values), quantile() type 7, t.test()'s interval; for each choice its
# count, its percentage of those who answered and Wilson's interval
# (prop.test without continuity correction); between the groups, the
# one-way ANOVA (anova(lm()), eta squared SSB / SST), kruskal.test, and
# for a choice chisq.test without correction with Cramer's V and the
# smallest expected count.  Cells the small-group rule hides are hidden in
# the transcript; tests/cli/second-opinion.py compares the others.
# Last, by age: Spearman's rho of each number with age.
#
#   cd tests/data/stats && Rscript describe-groups.R > describe-groups.Rout 2>&1
d <- read.csv("describe-essai.csv", stringsAsFactors = FALSE, na.strings = "",
              check.names = FALSE)
groups <- c(sort(unique(d$`_group`)), "all")
rows <- function(g) if (g == "all") rep(TRUE, nrow(d)) else d$`_group` == g
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
numbers <- c("age", "ecoute", "seul", "note", "budget")
choices <- list(ecoute = c("1", "2", "3"), seul = c("1", "2", "3"),
                aides = c("repas", "logement", "autre"), majeur = c("oui", "non"))
answered <- c("age", "arrivee", "ecoute", "seul", "aides", "aides_autre", "priorites",
              "note", "budget", "majeur")

cat("describe by group\n")
cat("question,group,value,answered,n,percent,ci_low,ci_high,mean,sd,min_k,q1,median,q3,max_k\n")
for (q in answered) for (g in groups) {
  v <- d[[q]][rows(g)]; v <- v[!is.na(v)]
  cat(paste(q, g, "", length(v), sep = ","))
  if (q %in% numbers) {
    x <- as.numeric(v); s <- sort(x); ci <- t.test(x)$conf.int
    k <- if (length(x) >= 10) c(s[5], rev(s)[5]) else c(NA, NA)
    qs <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
    cat(",", paste(length(x), "", g10(ci[1]), g10(ci[2]), g10(mean(x)), g10(sd(x)), g10(k[1]),
                   g10(qs[1]), g10(qs[2]), g10(qs[3]), g10(k[2]), sep = ","), "\n", sep = "")
  } else cat(",,,,,,,,,,,\n")
  if (q %in% names(choices)) for (ch in choices[[q]]) {
    k <- if (q == "aides") sum(sapply(strsplit(v, " "), function(w) ch %in% w)) else sum(v == ch)
    ci <- 100 * prop.test(k, length(v), correct = FALSE)$conf.int
    cat(paste(q, g, ch, "", k, g10(100 * k / length(v)), g10(ci[1]), g10(ci[2]), "", "", "", "",
              "", "", "", sep = ","), "\n", sep = "")
  }
}

cat("\ndescribe by group: tests\n")
cat("question,test,n,groups,statistic,df,df2,p,effect,min_expected\n")
for (q in c("age", "ecoute", "note", "budget", "majeur")) {
  ok <- !is.na(d[[q]]); grp <- factor(d$`_group`[ok])
  if (q %in% numbers) {
    x <- as.numeric(d[[q]][ok])
    if (q != "ecoute") {
      a <- anova(lm(x ~ grp))
      cat(paste(q, "anova", length(x), nlevels(grp), g10(a$`F value`[1]), a$Df[1], a$Df[2],
                g10(a$`Pr(>F)`[1]), g10(a$`Sum Sq`[1] / sum(a$`Sum Sq`)), "", sep = ","), "\n", sep = "")
    }
    k <- kruskal.test(x, grp)
    cat(paste(q, "kruskal_wallis", length(x), nlevels(grp), g10(k$statistic), k$parameter, "",
              g10(k$p.value), "", "", sep = ","), "\n", sep = "")
  }
  if (q %in% names(choices)) {
    t <- table(grp, d[[q]][ok])
    c2 <- suppressWarnings(chisq.test(t, correct = FALSE))
    v <- sqrt(c2$statistic / (sum(t) * (min(dim(t)) - 1)))
    cat(paste(q, "chi_square", sum(t), nlevels(grp), g10(c2$statistic), c2$parameter, "",
              g10(c2$p.value), g10(v), g10(min(c2$expected)), sep = ","), "\n", sep = "")
  }
}

# 'describe essai --by age': Spearman's rho of each number and scale with
# age (cor.test, asymptotic p); the transcript's table shows rho to 2
# decimals and p to 3 (the checker compares at that precision).
cat("\nspearman with age\n")
cat("question,n,rho,p\n")
for (q in c("ecoute", "seul", "note", "budget")) {
  ok <- !is.na(d[[q]]) & !is.na(d$age)
  ct <- suppressWarnings(cor.test(as.numeric(d[[q]][ok]), d$age[ok], method = "spearman", exact = FALSE))
  cat(paste(q, sum(ok), g10(ct$estimate), g10(ct$p.value), sep = ","), "\n", sep = "")
}
