# Second opinion on the rankings of tests/cli/cases/prize-ballots.cmd
# ('prize results --aggregate all' on the notes.csv the case writes): each
# juror's ballot orders the candidates they scored by their total (weights
# 50/30/20 of grille.yaml, scale 0-5); a ballot of one candidate counts in
# neither method.  Borda as docs/prize.md says (points: candidates below
# plus half the ties; score: the mean over its ballots of points / (m - 1),
# on 0-100); Schulze by winning votes, strongest paths by Floyd-Warshall
# (Schulze 2011), beats = the candidates it beats.  Candidates: 1 Restos du
# Coeur, 2 Habitat et Humanisme, 3 Secours populaire, 4 ADAPEI.
#
#   cd tests/data/prize && Rscript ballots.R > ballots.Rout 2>&1
s <- read.csv(text = "juror,candidate,i,r,d
anne,1,5,4,4
anne,2,3,3,3
anne,3,4,4,5
bruno,1,3,3,3
bruno,2,4,4,4
bruno,4,2,2,2
chloe,2,5,5,4
chloe,3,2,2,2
chloe,4,4,4,4
eve,4,5,5,5")
s$total <- (50 * s$i + 30 * s$r + 20 * s$d) * 100 / 5 / 100
ballots <- split(s[, c("candidate", "total")], s$juror)
ballots <- ballots[sapply(ballots, nrow) >= 2]
cand <- 1:4
pts <- setNames(numeric(4), cand); score <- list()
for (b in ballots) {
  m <- nrow(b)
  for (k in seq_len(m)) {
    p <- sum(b$total[k] > b$total) + 0.5 * sum(b$total[k] == b$total[-k])
    pts[b$candidate[k]] <- pts[b$candidate[k]] + p
    score[[as.character(b$candidate[k])]] <- c(score[[as.character(b$candidate[k])]],
                                               100 * p / (m - 1))
  }
}
cat("Borda points and score\n")
for (c in cand) cat(sprintf("%d: points %g score %.4f\n", c, pts[c], mean(score[[as.character(c)]])))
d <- matrix(0, 4, 4)
for (b in ballots) for (x in seq_len(nrow(b))) for (y in seq_len(nrow(b)))
  if (b$total[x] > b$total[y]) d[b$candidate[x], b$candidate[y]] <- d[b$candidate[x], b$candidate[y]] + 1
p <- ifelse(d > t(d), d, 0)
for (i in cand) for (j in cand) if (i != j) for (k in cand) if (k != i && k != j)
  p[j, k] <- max(p[j, k], min(p[j, i], p[i, k]))
cat("\nSchulze: d\n"); print(d); cat("p\n"); print(p)
beats <- sapply(cand, function(x) sum(p[x, ] > p[, x]))
cat("\nbeats:", paste(cand, beats, sep = " ", collapse = ", "), "\n")

# The same figures to 10 significant digits, for tests/cli/second-opinion.py,
# which reads them off the transcript's CSV: ranks shared by ties (the
# better rank), ballots = the ballots of two or more candidates holding it.
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
bs <- sapply(cand, function(c) mean(score[[as.character(c)]]))
nb <- sapply(cand, function(c) sum(sapply(ballots, function(b) c %in% b$candidate)))
cat("\nballots csv\n")
cat("candidate_id,borda_rank,borda_score,borda_points,ballots,schulze_rank,schulze_beats\n")
for (c in cand)
  cat(paste(c, rank(-bs, ties.method = "min")[c], g10(bs[c]), g10(pts[c]), nb[c],
            rank(-beats, ties.method = "min")[c], beats[c], sep = ","), "\n", sep = "")
