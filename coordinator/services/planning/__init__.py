"""Planning election day: each team's route, from the rules and a travel model.

`settings` holds what a coordinator asks for (the day, opening and closing, the length
of a visit, the travel model); `problem` reads the mission into what the plan must
respect (teams with their bases and areas, stations with coordinates, visits already
done); `construct` chooses each team's opening and counting stations and builds a
nearest-neighbour plan; `solver` improves it with OR-Tools' routing library;
`day` puts them together and `apply` writes a plan as planned visits. `geo` is the
travel model's geometry and the map projection that the window and the PDFs share.
"""
