"""Administrative units and the bodies inside them."""
