# Help, version and usage errors (exit 2 with a pointer to help).
utilis --version
utilis
utilis frobnicate
utilis --colour
utilis survey
utilis survey frob
utilis survey lod
utilis jurry list
utilis survey check
utilis survey check --strict data/good/essai.yaml
utilis survey show
utilis survey show essai --version zero
utilis help survey show
utilis help survey
utilis help nothing
utilis survey load --help
