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
