from django.db import migrations

# The view-counting models moved to the readership app, which took over their
# tables (readership 0001): they leave this app's state and the tables stay.


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_view_counting'),
        ('readership', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name='dailyviews',
                    name='daily_views_day_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='dailyviews',
                    name='daily_views_unique',
                ),
                migrations.DeleteModel(
                    name='FlushBatch',
                ),
                migrations.RemoveIndex(
                    model_name='hourlyviews',
                    name='hourly_views_hour_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='hourlyviews',
                    name='hourly_views_unique',
                ),
                migrations.RemoveConstraint(
                    model_name='viewstat',
                    name='view_stat_unique',
                ),
                migrations.DeleteModel(
                    name='ViewStat',
                ),
                migrations.RemoveField(
                    model_name='hourlyviews',
                    name='article',
                ),
                migrations.DeleteModel(
                    name='DailyViews',
                ),
                migrations.DeleteModel(
                    name='HourlyViews',
                ),
            ],
        ),
    ]
