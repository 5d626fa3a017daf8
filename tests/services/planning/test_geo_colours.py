"""Teams are told apart on the map and in the itineraries by their route's colour."""

from coordinator.services.planning.geo import ROUTE_COLOURS, route_colours


def test_a_mission_with_few_teams_gives_each_its_own_colour() -> None:
    colours = route_colours([(1, "Bishkek"), (2, "Bishkek"), (3, "Bishkek"), (4, "Kant")])
    assert len(set(colours.values())) == 4


def test_teams_of_one_area_differ_when_the_palette_must_repeat() -> None:
    teams = [(number, f"Town {number % 5}") for number in range(3 * len(ROUTE_COLOURS))]
    colours = route_colours(teams)
    for town in range(5):
        in_town = [colours[team] for team, area in teams if area == f"Town {town}"]
        assert len(set(in_town)) == len(in_town)
