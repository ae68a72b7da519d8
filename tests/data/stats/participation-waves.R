# Second opinion on 'indicators compute indicators/participation.yaml'
# --by _wave (table) and --by _survey (CSV) in tests/cli/cases/indicators.cmd:
# the seeded answers of the two questionnaires (the transcript exports them
# at its end and compares them with participation-std.csv and
# participation-facile.csv), scored as docs/statistics.md says: each item
# s = 100 (x' - min) / (max - min) on its own scale (1-5 in the standard
# version, 1-3 in the easy-read one; inf_opacite, con_formalite and
# pa_peur reverse-coded x' = min + max - x); a dimension's value the mean
# of the items of the respondent's questionnaire when at least
# ceiling(2k/3) of its k items are answered; per group n, missing,
# below_coverage, mean, sd, 5th smallest and largest, quartiles type 7,
# t.test()'s interval (the score is the mean); the composite the geometric
# mean of the four scores (equal weights; its bootstrap interval is not
# recomputed: see boot.R); between the waves t.test() (Welch), Cohen's d
# (pooled SD), wilcox.test()'s W (normal approximation, ties, continuity
# correction) and the rank-biserial r = 2W / (n1 n2) - 1.  The table
# prints these rounded; tests/cli/second-opinion.py compares them at the
# precision printed, and the CSV of --by _survey to 1e-7.
#
#   cd tests/data/stats && Rscript participation-waves.R > participation-waves.Rout 2>&1
g10 <- function(x) if (length(x) == 0 || is.na(x)) "" else sprintf("%.10g", x)
std <- read.csv("participation-std.csv", stringsAsFactors = FALSE)
fac <- read.csv("participation-facile.csv", stringsAsFactors = FALSE)
items <- list(
  std = list(information = c("inf_droits", "inf_documents", "inf_decisions", "inf_instances", "inf_opacite"),
             consultation = c("con_avis", "con_ecoute", "con_suite", "con_formalite"),
             co_construction = c("cc_projets", "cc_projet_structure", "cc_projet_personnalise", "cc_professionnels"),
             pouvoir_agir = c("pa_choix", "pa_initiatives", "pa_competences", "pa_exterieur", "pa_peur")),
  fac = list(information = c("f_droits", "f_papiers", "f_explications"),
             consultation = c("f_avis", "f_ecoute", "f_suite"),
             co_construction = c("f_projet", "f_activites"),
             pouvoir_agir = c("f_choix", "f_idees", "f_savoirs", "f_oser")))
reversed <- c("inf_opacite", "con_formalite", "pa_peur")
dims <- names(items$std)
value <- function(d, its, hi) {
  x <- as.matrix(d[, its, drop = FALSE])
  for (it in intersect(its, reversed)) x[, it] <- 1 + hi - x[, it]
  s <- 100 * (x - 1) / (hi - 1)
  a <- rowSums(!is.na(s))
  list(v = ifelse(a >= ceiling(2 * length(its) / 3), rowSums(s, na.rm = TRUE) / a, NA),
       below = a > 0 & a < ceiling(2 * length(its) / 3))
}
one <- function(d, kind, hi, survey) {
  out <- data.frame(wave = as.character(d$X_wave), survey = survey)
  for (k in dims) {
    r <- value(d, items[[kind]][[k]], hi)
    out[[k]] <- r$v; out[[paste0(k, "_below")]] <- r$below
  }
  out
}
all <- rbind(one(std, "std", 5, "participation"), one(fac, "fac", 3, "participation-facile"))

summary_rows <- function(by, header, full) {
  cat("\n", header, "\n", sep = "")
  if (full) cat("group,dimension,n,missing,below_coverage,mean,sd,min_k,q1,median,q3,max_k,ci_low,ci_high,score,score_low,score_high\n")
  else cat("group,dimension,n,score,score_low,score_high,median\n")
  for (g in c(sort(unique(all[[by]])), "_all")) {
    r <- if (g == "_all") all else all[all[[by]] == g, ]
    sc <- c()
    for (k in dims) {
      v <- r[[k]][!is.na(r[[k]])]; o <- sort(v); n <- length(v)
      ci <- t.test(v)$conf.int; q <- quantile(v, c(0.25, 0.5, 0.75), type = 7)
      sc[k] <- mean(v)
      if (full)
        cat(paste(g, k, n, nrow(r) - n, sum(r[[paste0(k, "_below")]]), g10(mean(v)), g10(sd(v)),
                  g10(o[5]), g10(q[1]), g10(q[2]), g10(q[3]), g10(rev(o)[5]), g10(ci[1]), g10(ci[2]),
                  g10(mean(v)), g10(ci[1]), g10(ci[2]), sep = ","), "\n", sep = "")
      else cat(paste(g, k, n, g10(mean(v)), g10(ci[1]), g10(ci[2]), g10(q[2]), sep = ","), "\n", sep = "")
    }
    comp <- exp(mean(log(sc)))
    anyv <- sum(rowSums(!is.na(r[, dims])) > 0)
    if (full) cat(paste(g, "_composite", anyv, "", "", "", "", "", "", "", "", "", "", "", g10(comp), "", "",
                        sep = ","), "\n", sep = "")
    else cat(paste(g, "_composite", anyv, g10(comp), "", "", "", sep = ","), "\n", sep = "")
  }
}
summary_rows("survey", "participation by survey", TRUE)
summary_rows("wave", "participation by wave", FALSE)

cat("\nparticipation by wave: tests\n")
cat("dimension,t,df,p_t,d,W,p_w,r\n")
for (k in dims) {
  a <- all[[k]][all$wave == "2017"]; a <- a[!is.na(a)]
  b <- all[[k]][all$wave == "2018"]; b <- b[!is.na(b)]
  t <- t.test(a, b)
  sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / (length(a) + length(b) - 2))
  w <- suppressWarnings(wilcox.test(a, b, exact = FALSE))
  cat(paste(k, g10(t$statistic), g10(t$parameter), g10(t$p.value), g10((mean(a) - mean(b)) / sp),
            g10(w$statistic), g10(w$p.value), g10(2 * w$statistic / (length(a) * length(b)) - 1),
            sep = ","), "\n", sep = "")
}
