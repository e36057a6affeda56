"""The events pages: public (list, detail with the registration form, private cancel link)
and staff (registrations with exports, sign-in sheet, check-in, attendee to case)."""
