"""Progress: clients' daily check-ins, adherence to home programs, and charts."""
