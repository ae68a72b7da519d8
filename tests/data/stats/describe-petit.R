# Second opinion on 'describe utilite-sociale --by interne_externe
# --min-group 6 --format csv' on petit.db in tests/cli/cases/describe.cmd:
# the 12 answers of tests/data/indicators/petit.csv, imported as they are
# (interne_externe computed as the survey's calculate says: the five
# inside roles are 'interne', the others 'externe').  With min_group 6
# both groups are hidden (7 inside, 5 outside: the small one and the one
# that would give it away); what the CSV shows is the column of all: each
# answer's count, its percentage of those who answered and Wilson's
# interval (prop.test without continuity correction), and the
# descriptives of satisfaction_globale (Min(6)/Max(6): the 6th smallest
# and largest).  A choice nobody gave is not listed here: the checker
# (tests/cli/second-opinion.py) accepts a count of 0 for it.
#
#   cd tests/data/stats && Rscript describe-petit.R > describe-petit.Rout 2>&1
d <- read.csv("../indicators/petit.csv", stringsAsFactors = FALSE, colClasses = "character")
inside <- c("salarie", "benevole", "administrateur", "adherent", "personne_accompagnee")
d$interne_externe <- ifelse(d$partie_prenante %in% inside, "interne", "externe")
print(table(d$interne_externe))
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
cat("\ndescribe petit, all\n")
cat("question,group,category,answered,n,percent,ci_low,ci_high,mean,sd,min_k,q1,median,q3,max_k\n")
for (q in setdiff(names(d), c("_id", "X_id", "satisfaction_globale"))) {
  v <- d[[q]][d[[q]] != ""]
  for (ch in sort(unique(v))) {
    k <- sum(v == ch); ci <- 100 * suppressWarnings(prop.test(k, length(v), correct = FALSE))$conf.int
    cat(paste(q, "_all", ch, length(v), k, g10(100 * k / length(v)), g10(ci[1]), g10(ci[2]),
              "", "", "", "", "", "", "", sep = ","), "\n", sep = "")
  }
}
x <- as.numeric(d$satisfaction_globale); s <- sort(x); ci <- t.test(x)$conf.int
qs <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
cat(paste("satisfaction_globale", "_all", "", length(x), "", "", g10(ci[1]), g10(ci[2]), g10(mean(x)),
          g10(sd(x)), g10(s[6]), g10(qs[1]), g10(qs[2]), g10(qs[3]), g10(rev(s)[6]), sep = ","), "\n", sep = "")
