# Reference figures of the Delphi statistics (src/analysis/delphi.c) for
# tests/unit/test_delphi.c: quantiles with R's default quantile type 7,
# the RAND/UCLA interpercentile range adjusted for symmetry (Fitch et al.
# 2001: IPR = P70 - P30, IPRCP = (P30 + P70) / 2, AI = |5 - IPRCP|,
# IPRAS = 2.35 + 1.5 AI, DI = IPR / IPRAS, disagreement when DI > 1).
#   Rscript ipras.R > ipras.out
sets <- list(
  # BMJ Open 2012;2:e001431, Table 1: 15 panellists, one 4, one 5, one 6,
  # five 7, five 8, two 9: median 7, P30 7, P70 8, IPR 1, IPRCP 7.5,
  # AI 2.5, IPRAS 6.1, no disagreement.
  bmj_open_2012 = c(4, 5, 6, rep(7, 5), rep(8, 5), 9, 9),
  # nine panellists split in thirds: three 1, three 5, three 9
  thirds = c(1, 1, 1, 5, 5, 5, 9, 9, 9),
  # a divided panel of ten
  divided = c(1, 2, 2, 3, 3, 7, 8, 8, 9, 9),
  # a panel that agrees on 8
  agree = rep(8, 9),
  # agreement in the low third, skewed
  low = c(1, 1, 2, 2, 2, 3, 3, 4, 6),
  # an even panel across the scale
  even = c(2, 3, 4, 5, 6, 6, 7, 8)
)
fmt <- function(x) formatC(x, digits = 12, format = "g")
for (name in names(sets)) {
  x <- sets[[name]]
  q <- quantile(x, c(0.25, 0.3, 0.5, 0.7, 0.75), type = 7, names = FALSE)
  ipr <- q[4] - q[2]
  cp <- (q[2] + q[4]) / 2
  ai <- abs(5 - cp)
  ipras <- 2.35 + 1.5 * ai
  cat(name, "n", length(x), "q1", fmt(q[1]), "p30", fmt(q[2]), "median", fmt(q[3]),
      "p70", fmt(q[4]), "q3", fmt(q[5]), "ipr", fmt(ipr), "ai", fmt(ai),
      "ipras", fmt(ipras), "di", fmt(ipr / ipras), "disagreement", ipr > ipras, "\n")
}
