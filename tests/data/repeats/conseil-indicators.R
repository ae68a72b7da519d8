# Second opinion on tests/cli/cases/indicators-repeats.cmd ('indicators
# compute data/indicators/conseil.yaml --bootstrap 0 --format csv'): each
# board's share of women and mean age, from its members
# (conseil-membres.csv; board c3 of conseil.csv has none, so 0 div 0 and no
# value), then per dimension n, missing, mean, SD, quartiles (R's type 7,
# as docs/statistics.md says), t.test()'s interval, the score (the mean
# placed between 0 and the target, at most 100) and the composite (the mean
# of the two scores, equal weights).
#
#   cd tests/data/repeats && Rscript conseil-indicators.R > conseil-indicators.Rout 2>&1
boards <- read.csv("conseil.csv")
m <- read.csv("conseil-membres.csv")
women <- sapply(boards$X_id, function(b) { x <- m[m$X_id == b, ]
  if (nrow(x) == 0) NA else 100 * sum(x$sexe == "f") / nrow(x) })
age <- sapply(boards$X_id, function(b) { x <- m[m$X_id == b, ]
  if (nrow(x) == 0) NA else mean(x$age) })
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("conseil indicators\n")
cat("dimension,n,missing,mean,sd,min_k,q1,median,q3,max_k,ci_low,ci_high,score\n")
scores <- c()
for (d in list(list("parite", women, 50), list("age", age, 100))) {
  x <- d[[2]][!is.na(d[[2]])]
  q <- quantile(x, c(0, 0.25, 0.5, 0.75, 1), type = 7)
  ci <- t.test(x)$conf.int
  s <- min(100, 100 * mean(x) / d[[3]])
  scores <- c(scores, s)
  cat(paste(d[[1]], length(x), sum(is.na(d[[2]])), g10(mean(x)), g10(sd(x)), g10(q[1]), g10(q[2]),
            g10(q[3]), g10(q[4]), g10(q[5]), g10(ci[1]), g10(ci[2]), g10(s), sep = ","), "\n", sep = "")
}
cat(paste("_composite", "", "", "", "", "", "", "", "", "", "", "", g10(mean(scores)), sep = ","), "\n", sep = "")
