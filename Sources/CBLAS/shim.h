#include <cblas.h>
// OpenBLAS extensions used to keep BLAS threads from fighting the engine's own.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
