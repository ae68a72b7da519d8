# Second opinion on the simulated lines of tests/cli/cases/describe-repeats.cmd
# ('describe conseil --format csv' on sim.db: simulate conseil --n 30
# --seed 7), whose answers tests/cli/cases/describe-repeats-sim.cmd exports
# again and compares with conseil-sim.csv and its repeat files
# conseil-sim-membres.csv and conseil-sim-mandats.csv.  As docs/statistics.md
# says for a question inside a repeat: summed up over every instance, n
# counting the instances, with the number of respondents they come from;
# sexe's counts, percentages and Wilson intervals; age and duree: mean, sd,
# quartiles type 7, t.test()'s interval (Min(5)/Max(5) not shown: 5
# instances may be one respondent's); femmes, a top-level calculate,
# recomputed from the members' sexe: described like any number.
#
#   cd tests/data/stats && Rscript conseil-sim.R > conseil-sim.Rout 2>&1
top <- read.csv("conseil-sim.csv", stringsAsFactors = FALSE)
m <- read.csv("conseil-sim-membres.csv", stringsAsFactors = FALSE, na.strings = "")
md <- read.csv("conseil-sim-mandats.csv", stringsAsFactors = FALSE, na.strings = "")
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
row <- function(...) cat(paste(c(...), collapse = ","), "\n", sep = "")
cat("conseil simulated\n")
cat("question,category,answered,n,percent,ci_low,ci_high,mean,sd,min_k,q1,median,q3,max_k,respondents\n")
s <- m[!is.na(m$sexe), ]
for (ch in c("f", "h")) {
  k <- sum(s$sexe == ch); ci <- 100 * prop.test(k, nrow(s), correct = FALSE)$conf.int
  row("sexe", ch, nrow(s), k, g10(100 * k / nrow(s)), g10(ci[1]), g10(ci[2]), "", "", "", "", "", "", "",
      length(unique(s$X_id)))
}
num <- function(name, x, ids, k) {
  ok <- !is.na(x); x <- x[ok]; o <- sort(x)
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7); ci <- t.test(x)$conf.int
  row(name, "", length(x), "", "", g10(ci[1]), g10(ci[2]), g10(mean(x)), g10(sd(x)),
      if (k) g10(o[5]) else "", g10(q[1]), g10(q[2]), g10(q[3]), if (k) g10(rev(o)[5]) else "",
      if (is.null(ids)) "" else length(unique(ids[ok])))
}
num("age", m$age, m$X_id, FALSE)
num("duree", md$duree, md$X_id, FALSE)
femmes <- sapply(top$X_id, function(id) sum(m$sexe[m$X_id == id] %in% "f"))
num("femmes", femmes, NULL, TRUE)
