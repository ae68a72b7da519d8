# Second opinion on the paired figures of tests/cli/cases/panel.cmd
# ('indicators compute suivi-indicateurs.yaml --by _wave --paired', before
# the erasure).  tests/cli/cases/panel-pairs.cmd makes the same panel and
# writes, per person (panel key, not printed), how many answers they gave
# in each wave and their answers when they gave one (the transcript
# compares that file with pairs.csv).  Here, as docs/statistics.md says:
# a pair is a person with exactly one answer in each wave; the score of
# autonomie is the mean of informe and choix (1-4) put on 0-100, that of
# instance 100 when yes; difference = 2025 - 2024 rounded to 1e-9;
# t.test(paired = TRUE) with d_z = mean / sd of the differences;
# wilcox.test(paired = TRUE) (on the differences) with r = z / sqrt(n), z the normal
# approximation's (R's tie term and continuity correction, zeros dropped);
# mcnemar.test for instance.  tests/cli/second-opinion.py compares the
# block "paired figures" with the transcript's CSV.
#
# The same on pairs-erased.csv, written after panel.cmd erases personne03
# (one pair less: the transcript shows its pairs and who progressed).
#
#   cd tests/data/panel && Rscript pairs.R > pairs.Rout 2>&1
for (file in c("pairs.csv", "pairs-erased.csv")) {
d <- read.csv(file)
cat(file, ": ", sep = "")
cat(sprintf("%d people with a panel key; %d with two answers in a wave (left out)\n",
            nrow(d), sum(d$n_2024 > 1 | d$n_2025 > 1)))
p <- d[d$n_2024 == 1 & d$n_2025 == 1, ]
cat(sprintf("%d pairs\n", nrow(p)))
score <- list(
  autonomie = function(w) (100 * (p[[paste0("informe_", w)]] - 1) / 3 +
                           100 * (p[[paste0("choix_", w)]] - 1) / 3) / 2,
  instance = function(w) 100 * (p[[paste0("instance_", w)]] >= 1))
g <- function(x) if (is.na(x)) "" else sprintf("%.10g", x)
cat(if (file == "pairs.csv") "\npaired figures\n" else "\npaired figures after the erasure\n")
cat("dimension,pairs,improved,share_improved,before,after,difference,difference_low,difference_high,t,df,p_t,d_z,V,p_wilcoxon,r,mcnemar,p_mcnemar\n")
for (dim in names(score)) {
  before <- score[[dim]](2024); after <- score[[dim]](2025)
  dd <- round(after - before, 9)
  n <- length(dd)
  tt <- t.test(after, before, paired = TRUE)
  # on the rounded differences, as the program: R on the raw ones sees
  # 2/3 of 100 reached in two ways as two values (V 483.5 for autonomie)
  wt <- suppressWarnings(wilcox.test(dd, exact = FALSE, correct = TRUE))
  nz <- dd[dd != 0]; m <- length(nz)
  rk <- rank(abs(nz))
  V <- sum(rk[nz > 0])
  ties <- table(rk)
  sigma <- sqrt(m * (m + 1) * (2 * m + 1) / 24 - sum(ties^3 - ties) / 48)
  e <- V - m * (m + 1) / 4
  z <- (e - 0.5 * sign(e)) / sigma
  mc <- c(NA, NA)
  if (dim == "instance") {
    mt <- mcnemar.test(table(factor(before > 0, c(FALSE, TRUE)), factor(after > 0, c(FALSE, TRUE))))
    mc <- c(round(mt$statistic, 9), mt$p.value)
  }
  cat(paste(dim, n, sum(dd > 0), g(mean(dd > 0)), g(mean(before)), g(mean(after)), g(mean(dd)),
            g(tt$conf.int[1]), g(tt$conf.int[2]), g(tt$statistic), g(tt$parameter), g(tt$p.value),
            g(mean(dd) / sd(dd)), g(wt$statistic), g(wt$p.value), g(z / sqrt(m)),
            g(mc[1]), g(mc[2]), sep = ","), "\n", sep = "")
}
cat("\n")
}
