"""Domain operations on stories, shows, sections and pictures: admin, views, commands,
tasks and tests all call these. Each capability has one module (import from it; this
package re-exports nothing):

- ``permissions``: who may do what
- ``stories``: writing a story and saving versions
- ``publishing``: publish, schedule, unpublish, restore, review; the publishing log
- ``sections``: the sections menu
- ``images``: the picture library
- ``renditions``: resized copies of pictures (a task)
- ``shows``: shows, their spellings and merges, the tracker
"""
