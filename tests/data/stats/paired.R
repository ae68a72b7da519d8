# Reference values for tests/unit/test_paired.c: the paired statistics of
# panels (two waves answered by the same people), computed with R.
#
#   cd tests/data/stats && Rscript paired.R > paired.Rout 2>&1
#
# Writes paired.txt (one "key value" line per number, 17 significant
# digits) and paired-data.txt (the pairs, "name v1 v2 ..."; each case is
# NAME_before and NAME_after, or a 2x2 table NAME_table, before in rows,
# after in columns, row-major).  paired.Rout keeps R's own printed output
# of every call.  The R call of each number is beside it.
cat(R.version.string, "\n\n")
out <- file("paired.txt", "w")
put <- function(key, value) {
  for (i in seq_along(value))
    writeLines(sprintf("%s%s %.17g", key, if (length(value) > 1) paste0(".", i) else "",
                       value[i]), out)
}
data <- file("paired-data.txt", "w")
vec <- function(name, v) writeLines(paste(name, paste(format(v, digits = 17), collapse = " ")), data)

# The z of the normal approximation wilcox.test(paired = TRUE, exact = FALSE)
# uses (ties and continuity corrected), signed; r = z / sqrt(n), n the pairs
# whose difference is not zero.
signed_z <- function(x, y) {
  d <- y - x; d <- d[d != 0]; n <- length(d)
  r <- rank(abs(d)); V <- sum(r[d > 0]); z <- V - n * (n + 1) / 4
  NT <- table(r); sigma <- sqrt(n * (n + 1) * (2 * n + 1) / 24 - sum(NT^3 - NT) / 48)
  (z - sign(z) * 0.5) / sigma
}

paired_case <- function(key, x, y) {
  vec(paste0(key, "_before"), x); vec(paste0(key, "_after"), y)
  cat("##", key, "\n")
  # paired t: t.test(y, x, paired = TRUE), the difference after - before
  t <- t.test(y, x, paired = TRUE); print(t)
  put(paste0(key, ".t"), t$statistic); put(paste0(key, ".df"), t$parameter)
  put(paste0(key, ".t_p"), t$p.value); put(paste0(key, ".ci"), t$conf.int)
  put(paste0(key, ".mean"), mean(y - x))
  put(paste0(key, ".dz"), mean(y - x) / sd(y - x))
  # Wilcoxon signed rank: wilcox.test(y, x, paired = TRUE) (R's own choice of exact or not)
  w <- suppressWarnings(wilcox.test(y, x, paired = TRUE)); print(w)
  put(paste0(key, ".V"), w$statistic); put(paste0(key, ".w_p"), w$p.value)
  put(paste0(key, ".w_exact"), as.numeric(grepl("exact", w$method)))
  wg <- suppressWarnings(wilcox.test(y, x, paired = TRUE, alternative = "greater"))
  put(paste0(key, ".w_p_greater"), wg$p.value)
  z <- signed_z(x, y); n <- sum(y - x != 0)
  cat("z =", z, " r = z / sqrt(n) =", z / sqrt(n), "\n\n")
  put(paste0(key, ".r"), z / sqrt(n))
  put(paste0(key, ".improved"), sum(y > x)); put(paste0(key, ".worse"), sum(y < x))
}

## ?t.test: the sleep data, the same 10 patients under two drugs (ties and a zero difference: normal approximation).
paired_case("sleep", sleep$extra[1:10], sleep$extra[11:20])
## ?wilcox.test: Hollander & Wolfe (1973) p. 29, depression scale before and after (no ties: exact).
paired_case("depression",
            c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
            c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
## 60 pairs without ties (n >= 50: normal approximation without tie term).
set.seed(14)
b <- round(rnorm(60, 50, 15), 3); a <- round(b + rnorm(60, 4, 8), 3)
paired_case("sixty", b, a)
## 40 people on a 0-100 score (steps of 12.5, many ties and zeros), as indicators give them.
set.seed(2026)
b <- sample(seq(0, 100, 12.5), 40, replace = TRUE)
a <- pmin(100, pmax(0, b + sample(c(-25, -12.5, 0, 0, 12.5, 12.5, 25, 37.5), 40, replace = TRUE)))
paired_case("scores", b, a)
## 12 pairs without ties or zeros, all but two improving (exact, small p).
paired_case("twelve", c(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120),
            c(11.5, 22.25, 33, 44.75, 48, 66.5, 77.75, 89, 89.875, 113, 124.5, 136.25))

## McNemar: mcnemar.test(M), M before (rows) x after (columns).
mcnemar_case <- function(key, m) {
  vec(paste0(key, "_table"), as.vector(t(m)))
  cat("##", key, "\n"); print(m)
  r <- mcnemar.test(m); print(r)
  put(paste0(key, ".X2"), r$statistic); put(paste0(key, ".df"), r$parameter)
  put(paste0(key, ".p"), r$p.value)
}
## ?mcnemar.test: Agresti (1990) p. 350, presidential approval, 1600 people polled twice.
mcnemar_case("approval", matrix(c(794, 86, 150, 570), nrow = 2))
## 40 people, yes/no in two waves: 9 said no then yes, 3 yes then no.
mcnemar_case("panel40", matrix(c(10, 3, 9, 18), nrow = 2))
## Equal discordant counts: no continuity correction (R), X2 = 0.
mcnemar_case("balanced", matrix(c(5, 4, 4, 7), nrow = 2))
## A single discordant pair.
mcnemar_case("one", matrix(c(6, 0, 1, 8), nrow = 2))
close(out); close(data)
