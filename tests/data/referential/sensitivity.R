# Second opinion on 'delphi sensitivity' in tests/cli/cases/delphi-weights.cmd
# (the set petit-delphi.yaml that 'delphi build' writes: besoins = bes_reels,
# lien_social = lien_isolement, each a mean put on 0-100, weights 55/45,
# arithmetic; the seeded answers 'simulate utilite-sociale --n 90 --groups 3
# --seed 7', which the transcript exports and compares with
# sensitivity-us.csv; the members' points of poids.csv), as
# docs/referential.md says: per group shown and for everyone, the index
# with the set's weights and its lowest and highest value over the five
# members' weight vectors; for every two groups the difference of their
# indexes and the share of members under whose weights the order stays.
# The Dirichlet draws (GSL's gsl_ran_dirichlet) are not drawn again here:
# with two dimensions every weighting gives an index between the two
# scores, so the block "dirichlet bounds" is a bound that any draw, of any
# seed, must respect (tests/cli/second-opinion.py checks the transcript's
# low and high lie within it).
#
#   cd tests/data/referential && Rscript sensitivity.R > sensitivity.Rout 2>&1
d <- read.csv("sensitivity-us.csv", stringsAsFactors = FALSE)
p <- read.csv("poids.csv")
members <- as.matrix(p[, c("pts_besoins", "pts_lien_social")]) / 100
set <- c(55, 45) / 100
g10 <- function(x) sprintf("%.10g", x)
d$besoins <- 100 * (d$bes_reels - 1) / 4
d$lien_social <- 100 * (d$lien_isolement - 1) / 4
groups <- c("everyone", sort(unique(d$X_group)))
scores <- t(sapply(groups, function(g) {
  r <- if (g == "everyone") d else d[d$X_group == g, ]
  c(n = nrow(r), besoins = mean(r$besoins, na.rm = TRUE), lien = mean(r$lien_social, na.rm = TRUE))
}))
print(scores)
index <- function(g, w) sum(w * scores[g, c("besoins", "lien")]) / sum(w)
cat("\nsensitivity by group\n")
cat("group,n,index,low,high\n")
for (g in groups) {
  under <- apply(members, 1, function(w) index(g, w))
  cat(paste(g, scores[g, "n"], g10(index(g, set)), g10(min(under)), g10(max(under)), sep = ","), "\n", sep = "")
}
cat("\nsensitivity comparisons\n")
cat("higher,lower,difference,share_kept\n")
gs <- groups[-1]
for (i in seq_along(gs)) for (j in seq_along(gs)) if (i < j) {
  a <- gs[i]; b <- gs[j]
  if (index(a, set) < index(b, set)) { t <- a; a <- b; b <- t }
  kept <- apply(members, 1, function(w) index(a, w) > index(b, w))
  cat(paste(a, b, g10(index(a, set) - index(b, set)), g10(mean(kept)), sep = ","), "\n", sep = "")
}
cat("\ndirichlet bounds\n")
cat("group,lowest,highest\n")
for (g in groups)
  cat(paste(g, g10(min(scores[g, 2:3])), g10(max(scores[g, 2:3])), sep = ","), "\n", sep = "")
