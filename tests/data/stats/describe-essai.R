# Second opinion on the figures of tests/cli/cases/describe.cmd
# ('utilis describe essai', overall): the seeded simulation's answers
# (simulate essai --n 80 --seed 4 --groups 3), exported by the transcript
# and compared there with describe-essai.csv, summed up here with base R
# as docs/statistics.md says: n, mean(), sd(), the 5th smallest and
# largest (min_group 5), quantile() type 7, t.test()'s 95 % interval of
# the mean; for each choice its count, its percentage of those who
# answered and the Wilson interval (prop.test without continuity
# correction).  The transcript's figures are these, rounded (1 decimal
# for percentages, 2 for the rest, a decimal comma in French).
#
#   cd tests/data/stats && Rscript describe-essai.R > describe-essai.Rout 2>&1
d <- read.csv("describe-essai.csv", stringsAsFactors = FALSE, na.strings = "")
num <- function(name) {
  x <- d[[name]][!is.na(d[[name]])]
  s <- sort(x)
  ci <- t.test(x)$conf.int
  cat(sprintf("%s: n %d mean %.4f sd %.4f min5 %.2f median %.4f max5 %.2f ci %.4f %.4f\n",
              name, length(x), mean(x), sd(x), s[5], quantile(x, 0.5, type = 7),
              rev(s)[5], ci[1], ci[2]))
}
pct <- function(name, choices, multiple = FALSE) {
  v <- d[[name]][!is.na(d[[name]])]
  n <- length(v)
  for (ch in choices) {
    k <- if (multiple) sum(sapply(strsplit(v, " "), function(w) ch %in% w)) else sum(v == ch)
    ci <- prop.test(k, n, correct = FALSE)$conf.int * 100
    cat(sprintf("%s = %s: %d of %d, %.2f %%, Wilson %.2f - %.2f\n",
                name, ch, k, n, 100 * k / n, ci[1], ci[2]))
  }
}
num("age")
pct("ecoute", c("1", "2", "3")); num("ecoute")
pct("seul", c("1", "2", "3")); num("seul")
pct("aides", c("repas", "logement", "autre"), multiple = TRUE)
num("note")
num("budget")
pct("majeur", c("oui", "non"))

# The same figures to 10 significant digits, as the CSV of 'describe essai
# --format csv' prints them, for tests/cli/second-opinion.py (the
# suppressed rows too: the checker counts them as hidden).
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\ndescribe essai, all\n")
cat("question,category,answered,n,percent,ci_low,ci_high,mean,sd,min_k,q1,median,q3,max_k\n")
csv_pct <- function(name, choices, multiple = FALSE) {
  v <- d[[name]][!is.na(d[[name]])]
  n <- length(v)
  for (ch in choices) {
    k <- if (multiple) sum(sapply(strsplit(v, " "), function(w) ch %in% w)) else sum(v == ch)
    ci <- prop.test(k, n, correct = FALSE)$conf.int * 100
    cat(paste(name, ch, n, k, g10(100 * k / n), g10(ci[1]), g10(ci[2]),
              "", "", "", "", "", "", "", sep = ","), "\n", sep = "")
  }
}
csv_num <- function(name) {
  x <- d[[name]][!is.na(d[[name]])]
  s <- sort(x); ci <- t.test(x)$conf.int
  qs <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
  cat(paste(name, "", length(x), "", "", g10(ci[1]), g10(ci[2]), g10(mean(x)), g10(sd(x)),
            g10(s[5]), g10(qs[1]), g10(qs[2]), g10(qs[3]), g10(rev(s)[5]), sep = ","), "\n", sep = "")
}
csv_num("age")
csv_pct("ecoute", c("1", "2", "3")); csv_num("ecoute")
csv_pct("seul", c("1", "2", "3")); csv_num("seul")
csv_pct("aides", c("repas", "logement", "autre"), multiple = TRUE)
csv_num("note")
csv_num("budget")
csv_pct("majeur", c("oui", "non"))
