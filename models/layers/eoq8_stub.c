#include "train/model.h"
eoq_model *eoq_eoq8_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err, size_t errlen)
{ (void)spec; (void)cfg; snprintf(err, errlen, "eoq8 engine not built yet"); return NULL; }
