// Out-of-line anchor for the storage port's vtables.
#include "app/store.h"
