"""Intervat, the FPS Finance's filing service: the XML of the periodic VAT return, the EC sales list and the
annual client listing (`xml_files`), checked against the official schemas the user installs (`schemas`)."""
