"""Events: information sessions, promotion events, consultation days and training, with their
registrations, waitlists, attendance and consultation-day time slots (DESIGN "Events")."""
