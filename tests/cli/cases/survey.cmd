# The survey commands on a fresh workspace: check, load, reload, list, show.
utilis survey list
utilis init
utilis init
utilis survey list
utilis survey check data/good/essai.yaml
utilis survey load data/good/essai.yaml
utilis survey load data/good/essai.yaml
utilis survey load data/good/essai-changed.yaml
utilis survey load data/good/essai-v2.yaml data/bad/05-duplicate-question-name.yaml
utilis survey list
utilis survey load data/good/essai-v2.yaml
utilis survey list
utilis survey show essai
utilis survey show essai --version 1 --lang en
utilis survey show essai --lang de
utilis survey show absent
utilis survey show essai --version 7
utilis survey load data/good/essai.yaml data/good/essai-v2.yaml
utilis survey check data/missing.yaml
