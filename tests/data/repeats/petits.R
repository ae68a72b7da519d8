# Second opinion on the figures of tests/cli/cases/describe-repeats.cmd
# ('describe conseil' on petits.csv and petits-membres.csv): a question
# inside the repeat is summed up over every instance (16 members of 6
# boards); the board-level calculates (age_moyen, doyen, benjamin,
# femmes) over the 6 boards.  n, mean(), sd(), median (quantile type 7),
# t.test()'s 95 % interval, as docs/statistics.md says.
#
#   cd tests/data/repeats && Rscript petits.R > petits.Rout 2>&1
b <- read.csv("petits.csv", stringsAsFactors = FALSE)
m <- read.csv("petits-membres.csv", stringsAsFactors = FALSE)
show <- function(name, x) {
  ci <- if (sd(x) > 0) t.test(x)$conf.int else c(NA, NA)
  cat(sprintf("%-10s n %2d mean %.4f sd %.4f median %.2f ci %.4f %.4f\n", name, length(x),
              mean(x), sd(x), median(x), ci[1], ci[2]))
}
m$rang <- ave(m$X_index, m$X_id, FUN = seq_along)
m$est_femme <- as.numeric(m$sexe == "f")
show("nmembres", b$nmembres)
show("age", m$age)
show("rang", m$rang)
show("est_femme", m$est_femme)
show("age_moyen", tapply(m$age, m$X_id, mean))
show("doyen", tapply(m$age, m$X_id, max))
show("benjamin", tapply(m$age, m$X_id, min))
show("femmes", tapply(m$est_femme, m$X_id, sum))
cat(sprintf("sexe: %d f, %d h of %d members from %d boards\n", sum(m$sexe == "f"),
            sum(m$sexe == "h"), nrow(m), length(unique(m$X_id))))
# The same figures to 10 significant digits, for tests/cli/second-opinion.py
# (compared with 'describe conseil --format csv').
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\npetits describe\n")
cat("question,answered,mean,sd,q1,median,q3,ci_low,ci_high\n")
row <- function(name, x) {
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7); ci <- t.test(x)$conf.int
  cat(paste(name, length(x), g10(mean(x)), g10(sd(x)), g10(q[1]), g10(q[2]), g10(q[3]),
            g10(ci[1]), g10(ci[2]), sep = ","), "\n", sep = "")
}
row("nmembres", b$nmembres)
row("age", m$age)
row("rang", m$rang)
row("est_femme", m$est_femme)
row("age_moyen", tapply(m$age, m$X_id, mean))
row("doyen", tapply(m$age, m$X_id, max))
row("benjamin", tapply(m$age, m$X_id, min))
row("femmes", tapply(m$est_femme, m$X_id, sum))
