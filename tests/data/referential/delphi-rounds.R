# Second opinion on the figures of tests/cli/cases/delphi.cmd ('delphi
# results' after tour1.csv and tour2.csv of this folder; petit.yaml: keep
# 7, drop 3, min_group 4), computed with base R as docs/referential.md
# says: n, median and quartiles (quantile type 7), agreement (share of
# ratings in the third of the median: [1, 3], (3, 7), [7, 9]), the
# disagreement index DI = IPR / IPRAS (RAND/UCLA, as
# tests/data/delphi/ipras.R), and from round 2, among members who rated in
# both rounds, the share whose rating stayed in the same third and how many
# changed it.  'signales' has fewer than 4 ratings: not shown.
#
#   cd tests/data/referential && Rscript delphi-rounds.R > delphi-rounds.Rout 2>&1
r1 <- read.csv("tour1.csv", stringsAsFactors = FALSE)
r2 <- read.csv("tour2.csv", stringsAsFactors = FALSE)
r2$id <- sub("#2$", "", r2$X_id); r1$id <- r1$X_id
third <- function(x) ifelse(x <= 3, 1, ifelse(x < 7, 2, 3))
show <- function(x) {
  x <- x[!is.na(x)]
  q <- quantile(x, c(0.25, 0.5, 0.75, 0.3, 0.7), type = 7)
  ipr <- q[[5]] - q[[4]]; cp <- (q[[4]] + q[[5]]) / 2
  di <- ipr / (2.35 + 1.5 * abs(5 - cp))
  agree <- mean(third(x) == third(q[[2]]))
  sprintf("n %d median %.1f q1 %.1f q3 %.1f agree %.0f%% DI %.4f",
          length(x), q[[2]], q[[1]], q[[3]], 100 * agree, di)
}
for (ind in c("p_reels", "p_signales", "p_isole")) {
  cat("round 1", ind, if (sum(!is.na(r1[[ind]])) >= 4) show(r1[[ind]]) else "fewer than 4", "\n")
  cat("round 2", ind, if (sum(!is.na(r2[[ind]])) >= 4) show(r2[[ind]]) else "fewer than 4", "\n")
  both <- merge(r1[, c("id", ind)], r2[, c("id", ind)], by = "id")
  both <- both[!is.na(both[[2]]) & !is.na(both[[3]]), ]
  if (nrow(both) >= 4)
    cat(sprintf("   both rounds %d: same third %.0f%%, changed %d\n", nrow(both),
                100 * mean(third(both[[2]]) == third(both[[3]])), sum(both[[2]] != both[[3]])))
}

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads round 1 off the transcript's CSV and round 2 off its JSON;
# mean_change: the mean absolute change (docs/referential.md).  A row with
# no figure is one the program must hide.
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\ndelphi rounds\n")
cat("round,indicator,n,median,q1,q3,iqr,p30,p70,ipr,ipras,disagreement_index,agreement,same_third,changed,mean_change\n")
for (round in 1:2) for (ind in c("p_reels", "p_signales", "p_isole")) {
  x <- (if (round == 1) r1 else r2)[[ind]]; x <- x[!is.na(x)]
  f <- rep("", 14)
  if (length(x) >= 4) {
    q <- quantile(x, c(0.25, 0.5, 0.75, 0.3, 0.7), type = 7)
    ipr <- q[[5]] - q[[4]]; cp <- (q[[4]] + q[[5]]) / 2; ipras <- 2.35 + 1.5 * abs(5 - cp)
    f[1:11] <- c(length(x), g10(q[[2]]), g10(q[[1]]), g10(q[[3]]), g10(q[[3]] - q[[1]]), g10(q[[4]]),
                 g10(q[[5]]), g10(ipr), g10(ipras), g10(ipr / ipras), g10(mean(third(x) == third(q[[2]]))))
    both <- merge(r1[, c("id", ind)], r2[, c("id", ind)], by = "id")
    both <- both[!is.na(both[[2]]) & !is.na(both[[3]]), ]
    if (round == 2 && nrow(both) >= 4)
      f[12:14] <- c(g10(mean(third(both[[2]]) == third(both[[3]]))), sum(both[[2]] != both[[3]]),
                    g10(mean(abs(both[[3]] - both[[2]]))))
  }
  cat(paste(c(round, sub("^p_", "", ind), f), collapse = ","), "\n", sep = "")
}
