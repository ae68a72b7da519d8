# The pilot group's pairwise comparisons of the stakes (AHP, Saaty's 1-9
# scale) for the demo's weights questionnaire, as paper forms typed in
# (CSV for `utilis responses import`, `_id` the member's e-mail as on their
# link).  Deterministic: no random numbers.
#
#   awk -v members=m.csv -f poids-ahp.awk m.csv PAIRS
#
# PAIRS: one "a__b" per line, the comparisons of the questionnaire in its
# order (its cmp_ question names without the prefix).  Each member has
# weights of their own: the group's leaning (needs and fighting exclusion
# first, then social ties, governance, the territory and innovation), moved
# by an offset that depends on the member and the stake, internal members
# leaning more to governance and innovation, external ones to needs.  A
# judgement is the ratio of two weights rounded to Saaty's scale.  Two
# members reverse one comparison (needs against innovation), and are
# inconsistent (CR > 0.10).
function offset(i, k) { return ((i * 7 + k * 13 + i * k * 3) % 7) - 3 }
function lean(s) {
	return s == "besoins" ? 30 : s == "egalite" ? 22 : s == "lien_social" ? 18 : \
	       s == "gouvernance" ? 12 : s == "territoire" ? 10 : 8
}
function weight(i, s, k,   w) {
	w = lean(s) * (1 + 0.2 * offset(i, k))
	if (grp[i] == "interne" && (s == "gouvernance" || s == "innovation")) w *= 1.6
	if (grp[i] == "externe" && s == "besoins") w *= 1.3
	return w < 2 ? 2 : w
}
function saaty(r,   k) {
	if (r >= 1) { k = int(r + 0.5); if (k > 9) k = 9; return k <= 1 ? "1" : "A" k }
	k = int(1 / r + 0.5); if (k > 9) k = 9
	return k <= 1 ? "1" : "B" k
}
BEGIN { FS = "," }
FILENAME == members { if (FNR > 1) { nm++; email[nm] = $2; grp[nm] = $3 } next }
{ np++; pair[np] = $1; split($1, ab, "__"); a[np] = ab[1]; b[np] = ab[2]
  if (!(a[np] in idx)) idx[a[np]] = ++ns
  if (!(b[np] in idx)) idx[b[np]] = ++ns }
END {
	printf "_id"
	for (p = 1; p <= np; p++) printf ",cmp_%s", pair[p]
	printf "\n"
	for (i = 1; i <= nm; i++) {
		printf "%s", email[i]
		for (p = 1; p <= np; p++) {
			c = saaty(weight(i, a[p], idx[a[p]]) / weight(i, b[p], idx[b[p]]))
			if ((i == 4 || i == 11) && p == 4)	# besoins against innovation, reversed
				c = c ~ /^A/ ? "B9" : c ~ /^B/ ? "A9" : "B7"
			printf ",%s", c
		}
		printf "\n"
	}
}
