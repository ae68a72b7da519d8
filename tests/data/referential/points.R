# Second opinion on the 100-point weights of tests/cli/cases/delphi-weights.cmd
# ('delphi results data/referential/petit.yaml --weights --format csv' after
# poids.csv): each member's points over their total; the group's weight of a
# stake is the members' mean, with its min, quartiles (type 7) and max; the
# members are numbered by their weights, the first stake's decreasing, as
# the table numbers them.
#
#   cd tests/data/referential && Rscript points.R > points.Rout 2>&1
p <- read.csv("poids.csv")
w <- cbind(besoins = p$pts_besoins, lien_social = p$pts_lien_social)
w <- w / rowSums(w)
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("points weights\n")
cat("member,stake,weight,mean,min,q1,median,q3,max\n")
for (s in colnames(w)) {
  q <- quantile(w[, s], c(0, .25, .5, .75, 1), type = 7)
  cat(paste("group", s, g10(mean(w[, s])), g10(mean(w[, s])), g10(q[1]), g10(q[2]), g10(q[3]), g10(q[4]),
            g10(q[5]), sep = ","), "\n", sep = "")
}
o <- order(-w[, 1], -w[, 2])
for (i in seq_along(o)) for (s in colnames(w))
  cat(paste(i, s, g10(w[o[i], s]), "", "", "", "", "", "", sep = ","), "\n", sep = "")
