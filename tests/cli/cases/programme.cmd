# The programme's surveys all pass the check and load into a workspace.
utilis survey check surveys/*.yaml
utilis init
utilis -q survey load surveys/*.yaml
utilis survey list
