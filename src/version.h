/* version: the release of utilis, printed by --version. */
#ifndef UTILIS_VERSION_H
#define UTILIS_VERSION_H

#define UTILIS_VERSION "0.1.0"

#endif
