# bash completion for utilis                                  -*- shell-script -*-
#
# Commands, options and their values are read from the program's own help
# (`utilis --help`, `utilis help COMMAND`), so completion follows the
# program it completes; form ids come from `utilis survey list` on the
# workspace named on the line (--db) or by $UTILIS_DB.  Installed by
# `make install` into bash-completion's directory; to try it without
# installing: `source completion/utilis.bash`.

# The command names of `utilis --help`, one per line ("survey load").
_utilis_commands()
{
	"$1" --help 2>/dev/null | awk '
		/^Commands:/ { on = 1; next }
		on && /^$/ { exit }
		on { sub(/^  /, ""); split($0, f, /   */); print f[1] }'
}

# The long options of a command (or the global ones when $2 is empty).
_utilis_options()
{
	if [[ -z $2 ]]; then
		"$1" --help 2>/dev/null | awk '/^Global options:/ { on = 1 } on' |
			grep -oE -- '--[a-z][a-z-]*' | sort -u
	else
		{ "$1" help $2 2>/dev/null | grep -oE -- '(^|[[ |])--[a-z][a-z-]*' |
			grep -oE -- '--[a-z-]+'; echo --help; } | sort -u
	fi
}

# The values an option takes when its usage lists them: "--format csv|xlsx|sav".
_utilis_values()
{
	"$1" help $2 2>/dev/null | grep -oE -- "$3 [a-z0-9,;_-]+(\|[a-z0-9,;_-]+)+" | head -n 1 |
		cut -d' ' -f2 | tr '|' '\n'
}

# The form ids of the workspace.
_utilis_forms()
{
	local db=()
	[[ -n $2 ]] && db=(--db "$2")
	"$1" "${db[@]}" -q survey list 2>/dev/null | awk 'NR > 1 { print $1 }' | sort -u
}

# Does option $3 of command $2 take a value ("--format F", "-o, --output FILE")?
_utilis_takes_value()
{
	"$1" help $2 2>/dev/null | grep -qE -- "(^|[[ ,])$3 ([A-Z]|[a-z0-9,;_-]+\|)"
}

_utilis()
{
	local bin=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmds firsts db=${UTILIS_DB:-} cmd i=1 npos=0 w values

	cmds=$(_utilis_commands "$bin")
	firsts=$(cut -d' ' -f1 <<<"$cmds" | sort -u)
	COMPREPLY=()
	# Global options come before the command.
	while ((i < COMP_CWORD)); do
		case ${COMP_WORDS[i]} in
		--db) db=${COMP_WORDS[i + 1]}; ((i += 2)) ;;
		-*) ((i++)) ;;
		*) break ;;
		esac
	done
	if [[ $prev == --db ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	if ((i == COMP_CWORD)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_utilis_options "$bin" '')" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "help $firsts" -- "$cur"))
		fi
		return
	fi
	cmd=${COMP_WORDS[i]}
	((i++))
	if [[ $cmd == help ]]; then
		# help COMMAND: a first word, then the second word of a two-word command.
		if ((i == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "$firsts" -- "$cur"))
		elif ((i + 1 == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "$(awk -v c="${COMP_WORDS[i]}" '$1 == c && NF > 1 { print $2 }' <<<"$cmds")" -- "$cur"))
		fi
		return
	fi
	if grep -q "^$cmd " <<<"$cmds"; then
		# A two-word command ("survey load"), unless the group word is a command itself ("report").
		if ((i == COMP_CWORD)); then
			COMPREPLY=($(compgen -W "$(awk -v c="$cmd" '$1 == c && NF > 1 { print $2 }' <<<"$cmds")" -- "$cur"))
			# A group word that is a command too ("report LAYOUT"): its files as well.
			grep -qx -- "$cmd" <<<"$cmds" || return
			if [[ $cur != -* ]]; then
				COMPREPLY+=($(compgen -f -- "$cur"))
				return
			fi
			COMPREPLY=()
		elif grep -qx -- "$cmd ${COMP_WORDS[i]}" <<<"$cmds"; then
			cmd="$cmd ${COMP_WORDS[i]}"
			((i++))
		fi
	fi
	grep -qx -- "$cmd" <<<"$cmds" || return
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_utilis_options "$bin" "$cmd")" -- "$cur"))
		return
	fi
	if [[ $prev == -* ]] && _utilis_takes_value "$bin" "$cmd" "$prev"; then
		values=$(_utilis_values "$bin" "$cmd" "$prev")
		if [[ -n $values ]]; then
			COMPREPLY=($(compgen -W "$values" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return
	fi
	# Count the arguments already given, options and their values aside.
	for ((; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			_utilis_takes_value "$bin" "$cmd" "$w" && ((i++))
		else
			((npos++))
		fi
	done
	# The first argument of a command on a survey is a loaded form id.
	if ((npos == 0)) && "$bin" help $cmd 2>/dev/null | head -n 1 | grep -q "utilis $cmd FORM_ID"; then
		COMPREPLY=($(compgen -W "$(_utilis_forms "$bin" "$db")" -- "$cur"))
		[[ ${#COMPREPLY[@]} -gt 0 ]] && return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _utilis utilis
