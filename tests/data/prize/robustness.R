# Second opinion on the robustness ranks of tests/cli/cases/prize.cmd
# ('prize results' after scoring: the scores the transcript types, compared
# there with prize-notes.csv), recomputed with base R as docs/prize.md
# ("How solid the ranking is") says:
# - each juror normalised over every score they gave: none; zscore
#   x' = M + (x - m) / s * S (the juror's mean and SD, the whole jury's,
#   sd() with n - 1), kept within 0-5; range x' = 0 + (x - min) / (max -
#   min) * 5; a juror whose scores do not vary is kept as given;
# - aggregated per candidate and criterion: mean, median, trimmed (the
#   plain mean below 5 jurors);
# - total on 0-100 with the weights 50/30/20; ranked highest first, equal
#   totals (to 1e-9) broken by note_impact's aggregate, then the median of
#   the jurors' totals, else shared;
# - the nine variants; each juror left out in turn (the edition's rules,
#   none/mean): the lowest and highest rank; rank_min/rank_max over both
#   and the edition's rank; fragile when rank_min <= 3 and the span is not
#   one place.
# - the bootstrap over jurors: 200 juries of 4 drawn with replacement
#   (GSL's MT19937, seeded: not drawn again here), the candidate's ranks
#   where it has one, their 2.5 and 97.5 percentiles as the program takes
#   them (the sorted ranks at floor(0.025 (n - 1)) and ceil(0.975 (n - 1))).
#   With 4 jurors there are 4^4 = 256 ordered juries, equally likely: R
#   ranks under each, which gives the exact distribution of the rank, the
#   percentiles 200 draws reach unless they stray far from it, and that
#   probability (any seed, any correct generator).
# tests/cli/second-opinion.py compares the blocks below with the
# transcript's CSV and JSON.
#
#   cd tests/data/prize && Rscript robustness.R > robustness.Rout 2>&1
s <- read.csv("prize-notes.csv", stringsAsFactors = FALSE, check.names = FALSE)
crit <- c("note_impact", "note_reciprocite", "note_durabilite")
w <- c(50, 30, 20); lo <- 0; hi <- 5
cands <- 1:4

normalise <- function(s, how) {
  if (how == "none") return(s)
  all <- unlist(s[, crit]); M <- mean(all); S <- sd(all)
  for (j in unique(s$`_juror`)) {
    r <- s$`_juror` == j
    x <- unlist(s[r, crit]); m <- mean(x); sj <- if (length(x) > 1) sd(x) else NA
    if (max(x) == min(x) || (how == "zscore" && !(isTRUE(sj > 0) && S > 0))) next
    for (k in crit) {
      v <- s[r, k]
      v <- if (how == "zscore") M + (v - m) / sj * S else lo + (v - min(x)) / (max(x) - min(x)) * (hi - lo)
      s[r, k] <- pmin(hi, pmax(lo, v))
    }
  }
  s
}
agg <- function(x, how) {
  if (how == "median") median(x)
  else if (how == "trimmed" && length(x) >= 5) mean(sort(x)[2:(length(x) - 1)])
  else mean(x)
}
ranks <- function(s, norm = "none", how = "mean") {
  s <- normalise(s, norm)
  s$total <- as.vector(as.matrix(s[, crit]) %*% (w * 100 / (hi - lo))) / sum(w)
  a <- t(sapply(cands, function(c) {
    x <- s[s$`_candidate` == c, ]
    if (!nrow(x)) return(c(total = NA, impact = NA, med = NA))
    ag <- sapply(crit, function(k) agg(x[[k]], how))
    c(total = sum(w * 100 * (ag - lo) / (hi - lo)) / sum(w), impact = ag[["note_impact"]],
      med = median(x$total))
  }))
  o <- order(-round(a[, "total"], 9), -round(a[, "impact"], 9), -round(a[, "med"], 9), cands,
             na.last = TRUE)
  r <- integer(length(cands))
  for (i in seq_along(o)) {
    c <- o[i]
    if (is.na(a[c, "total"])) next
    r[c] <- i
    if (i > 1) {
      p <- o[i - 1]
      if (all(abs(a[c, ] - a[p, ]) <= 1e-9)) r[c] <- r[p]
    }
  }
  r
}

base <- ranks(s)
variants <- list()
for (n in c("none", "zscore", "range")) for (a in c("mean", "median", "trimmed"))
  variants[[paste0(n, "/", a)]] <- ranks(s, n, a)
jurors <- unique(s$`_juror`)
loo <- sapply(jurors, function(j) ranks(s[s$`_juror` != j, ]))
loo[loo == 0] <- NA
cat("ranks under each normalisation/aggregation\n")
print(do.call(cbind, c(list(candidate = cands), variants)))
cat("\nranks with each juror left out (columns: the juror left out)\n")
print(cbind(candidate = cands, loo))

lmin <- apply(loo, 1, min, na.rm = TRUE); lmax <- apply(loo, 1, max, na.rm = TRUE)
all <- cbind(base, do.call(cbind, variants), loo)
all[all == 0] <- NA
rmin <- apply(all, 1, min, na.rm = TRUE); rmax <- apply(all, 1, max, na.rm = TRUE)
cat("\nrobustness csv\n")
cat("candidate_id,rank,rank_min,rank_max,rank_one_juror_out_min,rank_one_juror_out_max,fragile\n")
for (c in cands)
  cat(sprintf("%d,%d,%d,%d,%d,%d,%d\n", c, base[c], rmin[c], rmax[c], lmin[c], lmax[c],
              as.integer(rmin[c] <= 3 && rmin[c] != rmax[c])))
cat("\nrobustness variants\n")
cat(paste(c("candidate_id", names(variants)), collapse = ","), "\n", sep = "")
for (c in cands) cat(paste(c(c, sapply(variants, `[`, c)), collapse = ","), "\n", sep = "")

cat("\nbootstrap over jurors: the 256 ordered juries of 4\n")
juries <- as.matrix(expand.grid(rep(list(seq_along(jurors)), length(jurors))))
boot <- t(apply(juries, 1, function(p) {
  x <- do.call(rbind, lapply(seq_along(p), function(i) {
    r <- s[s$`_juror` == jurors[p[i]], ]
    if (nrow(r)) r$`_juror` <- paste0("draw", i)
    r
  }))
  ranks(x)
}))
B <- 200
pct <- function(c) {
  r <- boot[, c]; r <- r[r > 0]
  pv <- length(r) / nrow(boot)
  values <- sort(unique(r)); pr <- as.vector(table(factor(r, values))) / length(r)
  # for each number nb of valid draws, the order statistics the program reads
  res <- c(lo = NA, hi = NA); fail <- c(lo = 0, hi = 0)
  for (side in c("lo", "hi")) {
    p <- if (side == "lo") 0.025 else 0.975
    cum <- cumsum(pr)
    a <- values[which(cum >= p - 1e-12)[1]]     # the exact percentile's atom
    res[side] <- a
    below <- sum(pr[values < a]); upto <- sum(pr[values <= a])
    for (nb in 1:B) {
      w <- dbinom(nb, B, pv)
      if (w < 1e-300) next
      i <- if (side == "lo") floor(p * (nb - 1)) else ceiling(p * (nb - 1))
      # the (i+1)-th smallest of nb is a when fewer than i+1 are below a and at least i+1 are at or below
      f <- pbinom(i, nb, below, lower.tail = FALSE) + pbinom(i, nb, upto)
      fail[side] <- fail[side] + w * min(1, f)
    }
  }
  cat(sprintf("candidate %d: ranked in %d of 256 juries; ranks %s with probabilities %s; percentiles %d and %d; probability that %d draws give others at most %.2g\n",
              c, length(r), paste(values, collapse = " "), paste(round(pr, 4), collapse = " "),
              res[["lo"]], res[["hi"]], B, sum(fail)))
  res
}
bt <- sapply(cands, pct)
cat("\nrobustness bootstrap\n")
cat("candidate_id,rank_bootstrap_low,rank_bootstrap_high\n")
for (c in cands) cat(sprintf("%d,%d,%d\n", c, bt["lo", c], bt["hi", c]))
