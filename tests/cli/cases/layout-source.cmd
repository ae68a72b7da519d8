# A layout's source is found from the layout's own folder, wherever utilis
# runs (it was the current directory's: the layout below failed from
# another folder).  A layout written for the current directory still works.
utilis -q init
utilis -q survey load surveys/utilite-sociale.yaml
utilis -q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
mkdir -p projet/rapports projet/indicateurs && cp data/indicators/mini.yaml projet/indicateurs/
sed 's#indicators: data/indicators/mini.yaml#indicators: ../indicateurs/mini.yaml#' data/reports/petit.yaml >projet/rapports/petit.yaml
utilis report check projet/rapports/petit.yaml
cd projet && ../bin/utilis --db ../utilis.db report check rapports/petit.yaml
utilis report check data/reports/petit.yaml
