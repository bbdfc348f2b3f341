// The organization's patients over HTTP: search and register at intake, read and correct one
// (docs/lifecycle.md, "Patients").  The handlers only translate JSON; permission, validation and
// the audit events are PatientService's.
#pragma once

#include "app/patient_service.h"
#include "http/router.h"

namespace roi::http {

// Registers GET/POST /api/v1/patients and GET/PATCH /api/v1/patients/{id}; `service` must outlive
// the router.
void AddPatientRoutes(Router& router, PatientService& service);

}  // namespace roi::http
