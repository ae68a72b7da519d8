# Second opinion on tests/cli/cases/gouvernance-board.cmd: the board-renewal
# indicators of indicators/gouvernance.yaml ('indicators compute
# indicators/gouvernance.yaml --overall --bootstrap 0 --format csv', the
# ca_ lines) from the five boards' members of gouvernance-membres.csv.
# Each board's figure is rounded to one decimal, half away from zero, as
# the survey's calculate does (9.25 gives 9.3); then n, mean, SD, the
# quartiles (type 7), t.test()'s interval, and the score: the mean placed
# between baseline (0) and target (100), 100 * (x - baseline) / (target -
# baseline), kept within 0 and 100, and the interval's ends the same way.
#
#   cd tests/data/repeats && Rscript gouvernance-board.R > gouvernance-board.Rout 2>&1
m <- read.csv("gouvernance-membres.csv")
r1 <- function(x) sign(x) * floor(abs(x) * 10 + 0.5) / 10
per <- function(f) sapply(split(m, m$X_id), f)
dims <- list(
  list("ca_parite", per(function(b) r1(100 * mean(b$sexe == "femme"))), 50, 0),
  list("ca_anciennete", per(function(b) r1(mean(b$annees_ca))), 6, 15),
  list("ca_moins_45", per(function(b) r1(100 * mean(b$tranche_age %in% c("moins_30", "de_30_44")))), 30, 0),
  list("ca_nouveaux", per(function(b) r1(100 * mean(b$entre_2ans == "oui"))), 22, 0),
  list("ca_departs", per(function(b) r1(100 * mean(b$depart_prevu == "oui"))), 10, 50))
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
sc <- function(x, target, base) min(100, max(0, 100 * (x - base) / (target - base)))
cat("gouvernance board indicators\n")
cat("dimension,n,missing,mean,sd,q1,median,q3,ci_low,ci_high,score,score_low,score_high\n")
for (d in dims) {
  x <- d[[2]]; q <- quantile(x, c(0.25, 0.5, 0.75), type = 7); ci <- t.test(x)$conf.int
  s <- c(sc(ci[1], d[[3]], d[[4]]), sc(ci[2], d[[3]], d[[4]]))
  cat(paste(d[[1]], length(x), 0, g10(mean(x)), g10(sd(x)), g10(q[1]), g10(q[2]), g10(q[3]),
            g10(ci[1]), g10(ci[2]), g10(sc(mean(x), d[[3]], d[[4]])), g10(min(s)), g10(max(s)), sep = ","),
      "\n", sep = "")
}
