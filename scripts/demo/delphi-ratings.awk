# The ratings of fifteen simulated pilot-group members over the candidate
# indicators of a referential, for the demo's two Delphi rounds, as paper
# forms typed in (CSV for `utilis responses import`, `_id` the member's
# e-mail as on their link, with "#2" after it in round 2, and in round 2
# the reminder of their round-1 rating).  Deterministic: no random numbers.
#
#   awk -v round=1|2 -v members=m.csv -f delphi-ratings.awk IDS
#
# IDS: one indicator id per line.  Each indicator has a level the group
# leans to (from its position in the list: most are clearly relevant, a few
# clearly not, some in between, two divided); a member's round-1 rating is
# that level moved by a small offset that depends on the member and the
# indicator.  In round 2 each member moves halfway to the group's round-1
# median, as Delphi panels do, except on the divided indicators.
function clamp(x) { return x < 1 ? 1 : x > 9 ? 9 : x }
function offset(i, j) { return ((i * 7 + j * 13 + i * j) % 5) - 2 }
BEGIN { FS = "," }
FILENAME == members { if (FNR > 1) { nm++; email[nm] = $2; grp[nm] = $3 } next }
{ n++; id[n] = $1 }
END {
	for (i = 1; i <= n; i++) {
		k = i % 9
		level[i] = k == 0 ? 2 : k == 4 ? 5 : k == 7 ? 4 : 8
		divided[i] = (i == 5 || i == 14)
	}
	printf "_id,_group"
	for (i = 1; i <= n; i++) {
		if (round == 2) printf ",avant_p_%s", id[i]
		printf ",p_%s,f_%s,c_%s", id[i], id[i], id[i]
	}
	printf "\n"
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= nm; j++) {
			r1[i, j] = divided[i] ? (j % 2 ? 2 + j % 3 : 7 + j % 3) : clamp(level[i] + offset(i, j))
			s[j] = r1[i, j]
		}
		# median of the round-1 ratings (nm odd: the middle one)
		for (a = 1; a <= nm; a++) for (b = a + 1; b <= nm; b++) if (s[b] < s[a]) { t = s[a]; s[a] = s[b]; s[b] = t }
		med[i] = s[int((nm + 1) / 2)]
	}
	for (j = 1; j <= nm; j++) {
		printf "%s%s,%s", email[j], round == 2 ? "#2" : "", grp[j]
		for (i = 1; i <= n; i++) {
			r = r1[i, j]
			if (round == 2 && !divided[i])
				r = int((r + med[i]) / 2 + (r < med[i] ? 0.5 : 0))
			f = clamp(level[i] + offset(j, i) - (i % 3 == 0 ? 2 : 0))
			c = ""
			if (j == 3 && i % 6 == 1) c = "Indicateur facile à expliquer aux financeurs."
			if (j == 11 && divided[i]) c = "Difficile à mesurer sans enquête auprès des personnes."
			if (j == 7 && i == 2) c = "À rapprocher du rapport d'activité."
			if (round == 2) printf ",%d", r1[i, j]
			printf ",%d,%d,%s", r, f, c
		}
		printf "\n"
	}
}
